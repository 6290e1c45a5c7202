package dev.ferstream.training.report;

/**
 * How one saliency method did in the deletion test.
 *
 * @param method   the method's name ({@code saliency.method} value, or "random order" for the baseline)
 * @param meanAuc  mean area under the deletion curve of the predicted class's probability (lower = more faithful)
 * @param msPerMap wall-clock milliseconds per map, computed in batches of {@link SaliencyStudy#BATCH} faces
 * @param faces    how many test faces the mean is over
 * @param steps    deletion steps after 0% (20: 0%, 5%, ..., 100%)
 */
public record SaliencyScore(String method, double meanAuc, double msPerMap, int faces, int steps) {
}
