package dev.ferstream.jobs.functions;

import java.util.List;

/**
 * Computes saliency maps for faces: per face 2,304 non-negative values (48x48 row-major) saying how much each
 * pixel matters for the given class. Not thread-safe (it wraps a DL4J network); one per subtask.
 *
 * <p>The job codes against this interface so the saliency method can be swapped without touching the stream: the
 * intended implementation wraps model-lib's {@code dev.ferstream.explain.SaliencyMaps} (|d logit / d pixel|), which
 * is being written on the analysis branch; until it is merged, {@link OcclusionSaliency} stands in.
 */
public interface SaliencyProvider {
    /** One map per face, for the class at the same index. */
    float[][] maps(List<byte[]> faces, int[] classes);

    /** A short name written into each SaliencyMap record ("gradient", "occlusion-8x8"). */
    String method();
}
