package dev.ferstream.model.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves each ReLU that comes right before a max pooling to after it: {@code max(relu(a), relu(b)) = relu(max(a, b))}
 * (ReLU is monotone), so the result is exact and the ReLU touches a quarter of the values (2x2 pooling).
 *
 * <p>Why only in the plan, not in {@link PlanCompiler} (which the ONNX export also reads): the plan runs every ReLU
 * as a pass over memory of its own, while ONNX Runtime fuses a ReLU into the convolution before it for free, which
 * this move would undo.
 */
final class ReluAfterPooling {
    private ReluAfterPooling() {
    }

    static List<Stage> apply(List<Stage> stages) {
        List<Stage> out = new ArrayList<>(stages);
        for (int i = 0; i + 1 < out.size(); i++) {
            Stage relu = out.get(i);
            Stage pool = out.get(i + 1);
            if (relu.step() instanceof ReluStep && pool.step() instanceof MaxPoolStep) {
                out.set(i, new Stage(pool.step(), relu.inputShape(), pool.outputShape()));
                out.set(i + 1, new Stage(relu.step(), pool.outputShape(), pool.outputShape()));
            }
        }
        return List.copyOf(out);
    }
}
