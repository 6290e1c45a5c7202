package dev.ferstream.jobs;

import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.TruthInput;
import org.apache.flink.api.connector.source.Source;

/** The job's two inputs (faces and ground truth), already decoded into valid-or-rejected envelopes. */
public record JobSources(Source<FaceInput, ?, ?> faces, Source<TruthInput, ?, ?> labels) {
}
