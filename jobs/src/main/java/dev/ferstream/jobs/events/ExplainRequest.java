package dev.ferstream.jobs.events;

import dev.ferstream.avro.SaliencyReason;

/**
 * A face selected for a saliency map: what to explain (the predicted class) and why it was selected;
 * {@code classifiedAt} (epoch ms, the prediction's processedAt) tells the saliency operator how long it waited.
 */
public record ExplainRequest(String id, long eventTime, int label, float probability, byte[] pixels,
                             String modelVersion, SaliencyReason reason, long classifiedAt) {
}
