package dev.ferstream.model.inference;

import java.util.List;

/**
 * The {@link Engine#AUTO} engine: each call goes to ONNX Runtime when it has fewer than {@value #PLAN_FROM} faces,
 * else to the DL4J {@link InferencePlan}. Both give the same probabilities to 1e-4 (EngineTest), so which one
 * answered never shows in a result.
 *
 * <p>Why two engines: their costs scale differently with the batch. ONNX Runtime prepacks its weights once and has the
 * smaller fixed cost per pass; oneDNN under libnd4j reorders every convolution's weights on every call (for hw3-cnn
 * 0.39 of a single face's ~1.9 ms, DNNL_VERBOSE) but runs its AVX-512 {@code brgconv} kernels on channels-last maps,
 * which beat ONNX Runtime's once that reorder is shared by enough faces. Measured faces/s, plan / ONNX Runtime, per
 * call size (2 cores, docs/onnx.md): hw3-cnn 0.76x at 1, 1.03x at 4, 1.2x from 16; fer-vgg 0.52x at 1, 0.93x at 8,
 * 1.0x at 16, 1.02-1.08x at 32-256. From {@value #PLAN_FROM} faces the plan was never the slower one.
 */
public final class AutoClassifier implements FaceClassifier {
    /** Calls with at least this many faces run on the plan. */
    public static final int PLAN_FROM = 16;

    private final FaceClassifier small;
    private final FaceClassifier large;

    /** {@code small} answers calls of fewer than {@value #PLAN_FROM} faces, {@code large} the rest; both are closed with this. */
    public AutoClassifier(FaceClassifier small, FaceClassifier large) {
        this.small = small;
        this.large = large;
    }

    @Override
    public float[][] probabilities(List<byte[]> faces) {
        return (faces.size() < PLAN_FROM ? small : large).probabilities(faces);
    }

    @Override
    public void close() {
        try {
            small.close();
        } finally {
            large.close();
        }
    }
}
