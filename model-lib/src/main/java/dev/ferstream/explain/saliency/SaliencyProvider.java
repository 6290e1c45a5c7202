package dev.ferstream.explain.saliency;

import java.util.List;

/**
 * Computes saliency maps for faces: per face 2,304 non-negative values (48x48 row-major) saying how much each
 * pixel matters for the given class. Not thread-safe (it wraps a DL4J network); one per subtask.
 *
 * <p>The job codes against this interface so the saliency method can be swapped without touching the stream:
 * {@link GradientSaliency} (one backward pass), {@link SmoothGradSaliency} (the gradient averaged over noisy copies)
 * or {@link OcclusionSaliency} (model-agnostic, about 37 forward rows per face); {@link SaliencyMethods} maps the
 * {@code saliency.method} names to them. Closing frees what the provider holds natively (an ONNX Runtime session for
 * occlusion on the onnx engine); the stream closes a retired version's provider.
 */
public interface SaliencyProvider extends AutoCloseable {
    /** One map per face, for the class at the same index. */
    float[][] maps(List<byte[]> faces, int[] classes);

    /**
     * The method's name, written into each SaliencyMap record and accepted by {@code saliency.method}
     * ("gradient", "smoothgrad", "occlusion").
     */
    String method();

    /** Nothing to free by default. */
    @Override
    default void close() {
    }
}
