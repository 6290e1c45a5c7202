package dev.ferstream.jobs.events;

import dev.ferstream.avro.SaliencyReason;

/** A computed saliency map (2,304 values, 48x48 row-major) for one face (becomes a SaliencyMap on Kafka). */
public record SaliencyEvent(String id, int label, float probability, float[] map, String method,
                            SaliencyReason reason, String modelVersion, long eventTime) {
}
