package dev.ferstream.explain.saliency;

import java.util.List;

/**
 * Computes saliency maps for faces: per face 2,304 non-negative values (48x48 row-major) saying how much each
 * pixel matters for the given class. Not thread-safe (it wraps a DL4J network); one per subtask.
 *
 * <p>The job codes against this interface so the saliency method can be swapped without touching the stream:
 * {@link GradientSaliency} (model-lib's {@code SaliencyMaps}, the default) or {@link OcclusionSaliency}
 * ({@code saliency.method=occlusion}, model-agnostic but about 37 forward rows per face).
 */
public interface SaliencyProvider {
    /** One map per face, for the class at the same index. */
    float[][] maps(List<byte[]> faces, int[] classes);

    /** A short name written into each SaliencyMap record ("gradient", "occlusion-8x8"). */
    String method();
}
