package dev.ferstream.jobs.events;

/**
 * A prediction together with the pixels it was made from, passed from the classifier to the saliency sampler
 * (chained, so the pixels are not shipped over the network) and dropped there.
 */
public record Classified(PredictionEvent prediction, byte[] pixels) {
}
