package dev.ferstream.jobs.events;

import dev.ferstream.avro.ModelStatus;

/**
 * What one subtask did with a version, or what the gate decided (becomes a ModelEvent on the model-events topic).
 *
 * @param operator    classify, saliency or gate
 * @param loadSeconds fetch, verify, load and warm-up; 0 when nothing was loaded
 */
public record ModelStatusEvent(String name, String version, String operator, int subtask, ModelStatus status,
                               String reason, double loadSeconds, long time) {
}
