package dev.ferstream.explain.saliency;

import dev.ferstream.explain.SaliencyMaps;
import dev.ferstream.model.bundle.ModelBundle;

import java.util.List;

/**
 * {@code saliency.method=gradient}: model-lib's {@link SaliencyMaps}, |d logit[class] / d pixel| in inference mode, one
 * batched forward and backward pass on a BatchNorm-free copy of the network. Not thread-safe; one per subtask.
 */
public final class GradientSaliency implements SaliencyProvider {
    public static final String METHOD = "gradient";

    private final SaliencyMaps maps;

    public GradientSaliency(ModelBundle bundle) {
        this.maps = new SaliencyMaps(bundle.requireNetwork("saliency.method " + METHOD));
    }

    @Override
    public float[][] maps(List<byte[]> faces, int[] classes) {
        return maps.compute(faces, classes);
    }

    @Override
    public String method() {
        return METHOD;
    }
}
