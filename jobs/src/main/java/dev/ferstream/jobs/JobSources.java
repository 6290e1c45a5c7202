package dev.ferstream.jobs;

import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.ModelInput;
import dev.ferstream.jobs.events.TruthInput;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import org.apache.flink.api.connector.source.Source;

/**
 * The job's inputs, already decoded into valid-or-rejected envelopes: faces, ground truth, and the model decisions
 * with the assignment they added up to when the job was built (the models source starts after them).
 *
 * @param models null when the job serves its start model for its whole life (tests of the rest of the pipeline)
 * @param start  the models topic's assignment at build time; null = the bundle at model.path
 */
public record JobSources(Source<FaceInput, ?, ?> faces, Source<TruthInput, ?, ?> labels,
                         Source<ModelInput, ?, ?> models, ModelAssignment start) {
    public JobSources(Source<FaceInput, ?, ?> faces, Source<TruthInput, ?, ?> labels) {
        this(faces, labels, null, null);
    }
}
