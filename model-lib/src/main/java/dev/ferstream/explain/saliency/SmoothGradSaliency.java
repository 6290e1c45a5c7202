package dev.ferstream.explain.saliency;

import dev.ferstream.explain.SmoothGrad;
import dev.ferstream.model.bundle.ModelBundle;

import java.util.List;

/**
 * {@code saliency.method=smoothgrad}: model-lib's {@link SmoothGrad}, the gradient map averaged over
 * {@link SmoothGrad#DEFAULT_SAMPLES} noisy copies of each face (noise seeded, so maps are reproducible). Regions instead
 * of speckle, at {@code samples} times the gradient's cost. Not thread-safe; one per subtask.
 */
public final class SmoothGradSaliency implements SaliencyProvider {
    public static final String METHOD = "smoothgrad";

    private final SmoothGrad smoothGrad;

    public SmoothGradSaliency(ModelBundle bundle) {
        this.smoothGrad = new SmoothGrad(bundle.requireNetwork("saliency.method " + METHOD));
    }

    @Override
    public float[][] maps(List<byte[]> faces, int[] classes) {
        return smoothGrad.compute(faces, classes);
    }

    @Override
    public String method() {
        return METHOD;
    }
}
