package dev.ferstream.model.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a compiled plan to keep its maps channels-last (NHWC) from the first convolution to the flatten.
 *
 * <p>Why: oneDNN's {@code brgconv} convolutions, the ones libnd4j reaches on AVX-512, read and write NHWC. Over
 * DL4J's NCHW buffers every convolution reorders its input to NHWC and its output back: with DNNL_VERBOSE on a
 * batch-64 pass, 12 of hw3-cnn's 87 ms and 27 of fer-vgg's 177 ms were those reorders. Channels-last they vanish,
 * and pooling and BatchNorm run on NHWC as well.
 *
 * <p>The rewrite is exact (same ops, same weights, another memory order): a 1-channel face is the same memory in
 * either order, and the dense layer after the flatten gets its weight rows reordered to match. A plan it cannot
 * prove that for (a multi-channel input, a map reaching the output, a flatten into anything but a dense layer) is
 * returned unchanged.
 */
final class ChannelsLast {
    private ChannelsLast() {
    }

    static List<Stage> convert(List<Stage> stages) {
        if (!convertible(stages)) {
            return stages;
        }
        List<Stage> out = new ArrayList<>(stages.size());
        long[] previousOutput = null;
        for (Stage stage : stages) {
            out.add(convert(stage, previousOutput));
            previousOutput = stage.outputShape();
        }
        return List.copyOf(out);
    }

    private static Stage convert(Stage stage, long[] previousOutput) {
        if (isMap(stage.inputShape())) {
            return new Stage(stage.step().toChannelsLast(), rotated(stage.inputShape()), rotated(stage.outputShape()));
        }
        if (flattens(previousOutput, stage)) {
            DenseStep dense = (DenseStep) stage.step(); // convertible() allows nothing else at a flatten
            return new Stage(dense.readingChannelsLast(previousOutput), stage.inputShape(), stage.outputShape());
        }
        return stage;
    }

    private static boolean convertible(List<Stage> stages) {
        Stage last = stages.get(stages.size() - 1);
        if (isMap(last.outputShape())) {
            return false;
        }
        long[] previousOutput = null;
        for (Stage stage : stages) {
            boolean firstMap = isMap(stage.inputShape()) && (previousOutput == null || !isMap(previousOutput));
            if (firstMap && stage.inputShape()[0] != 1) {
                return false; // a multi-channel map made from flat values: NCHW and NHWC differ in memory
            }
            if (flattens(previousOutput, stage) && !(stage.step() instanceof DenseStep)) {
                return false;
            }
            previousOutput = stage.outputShape();
        }
        return true;
    }

    /** Whether {@code stage} reads flat rows where the stage before it wrote maps. */
    private static boolean flattens(long[] previousOutput, Stage stage) {
        return previousOutput != null && isMap(previousOutput) && !isMap(stage.inputShape());
    }

    private static boolean isMap(long[] perFace) {
        return perFace.length == 3;
    }

    /** [C, H, W] to [H, W, C]. */
    private static long[] rotated(long[] chw) {
        return isMap(chw) ? new long[]{chw[1], chw[2], chw[0]} : chw;
    }
}
