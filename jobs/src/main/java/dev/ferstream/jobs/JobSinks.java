package dev.ferstream.jobs;

import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.api.connector.sink2.Sink;

/** The job's five outputs, injected so tests and the demo can choose real Kafka sinks or anything else. */
public record JobSinks(Sink<PredictionEvent> predictions, Sink<SaliencyEvent> saliency, Sink<ConfusionCounts> confusion,
                       Sink<Rejected> deadLetters, Sink<TruthEvent> lateTruths) {
}
