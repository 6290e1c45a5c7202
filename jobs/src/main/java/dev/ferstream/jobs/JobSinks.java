package dev.ferstream.jobs;

import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.FeedbackPair;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The job's outputs, injected so tests and the demo can choose real Kafka sinks or anything else.
 *
 * @param shadowPredictions the challenger's predictions (same form as predictions, never mixed with them)
 * @param modelEvents       what each subtask did with each model version, and the gate's decisions
 * @param modelDecisions    the gate's promotions and rollbacks, written to the models topic
 * @param feedback          the champion's matched pairs with their faces, used only when {@code feedback.path} is
 *                          set; null: the job builds the FileSink from {@code feedback.path}
 *                          ({@link dev.ferstream.jobs.feedback.FeedbackSink})
 */
public record JobSinks(Sink<PredictionEvent> predictions, Sink<SaliencyEvent> saliency, Sink<ConfusionCounts> confusion,
                       Sink<Rejected> deadLetters, Sink<TruthEvent> lateTruths, Sink<PredictionEvent> shadowPredictions,
                       Sink<ModelStatusEvent> modelEvents, Sink<ModelChange> modelDecisions,
                       Sink<FeedbackPair> feedback) {
    /** The Kafka outputs; the feedback store, when on, is the FileSink at {@code feedback.path}. */
    public JobSinks(Sink<PredictionEvent> predictions, Sink<SaliencyEvent> saliency, Sink<ConfusionCounts> confusion,
                    Sink<Rejected> deadLetters, Sink<TruthEvent> lateTruths, Sink<PredictionEvent> shadowPredictions,
                    Sink<ModelStatusEvent> modelEvents, Sink<ModelChange> modelDecisions) {
        this(predictions, saliency, confusion, deadLetters, lateTruths, shadowPredictions, modelEvents, modelDecisions,
                null);
    }

    /** The five data outputs; shadow predictions and model events are dropped (a job without a lifecycle). */
    public JobSinks(Sink<PredictionEvent> predictions, Sink<SaliencyEvent> saliency, Sink<ConfusionCounts> confusion,
                    Sink<Rejected> deadLetters, Sink<TruthEvent> lateTruths) {
        this(predictions, saliency, confusion, deadLetters, lateTruths, new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>());
    }
}
