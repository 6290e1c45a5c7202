package dev.ferstream.jobs.events;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.jobs.lifecycle.ModelRef;

/**
 * A decision read from the models topic (becomes broadcast state in every classifier and saliency subtask).
 *
 * @param decidedBy publish, retrain, promote, rollback, retire or gate
 */
public record ModelChange(ModelRef model, ModelRole role, long decidedAt, String decidedBy) {
}
