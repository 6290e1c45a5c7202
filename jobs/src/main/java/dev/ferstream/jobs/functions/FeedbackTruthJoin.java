package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FeedbackPair;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.util.OutputTag;

/**
 * The champion's truth join when the feedback store is on: the same rules and the same matched pairs for the
 * windows as {@link TruthJoinFunction}, but it reads the classifier's output with the pixels and keeps the face and
 * its probabilities while the prediction waits, so each matched pair can also go to {@link #FEEDBACK} for the store.
 *
 * <p>The cost is state: a waiting prediction serializes to 2,372 bytes instead of 24 (FeedbackTruthJoinTest), for
 * every face whose truth has not arrived yet, so the state grows with rate x label delay (100 faces/s with labels
 * 30 s late: ~7 MB). Its state has a name of its own ({@code prediction-with-face}), so a waiting record of one
 * kind is never read back as the other if a job switches the store on or off between a savepoint and its restore
 * (not tested: switching drops the predictions that were waiting at the savepoint).
 */
public final class FeedbackTruthJoin extends PairJoin<Classified, FeedbackTruthJoin.PendingFace> {
    public static final OutputTag<FeedbackPair> FEEDBACK = new OutputTag<>("feedback") {
    };

    /** A waiting prediction with the face it was made from. */
    public record PendingFace(int label, long eventTime, String modelVersion, String modelName, byte[] pixels,
                              float[] probabilities) implements PairJoin.Waiting {
    }

    public FeedbackTruthJoin(EventTimeSettings eventTime) {
        super(eventTime, "", "prediction-with-face", PendingFace.class);
    }

    @Override
    protected PendingFace waiting(Classified c) {
        PredictionEvent p = c.prediction();
        return new PendingFace(p.label(), p.eventTime(), p.modelVersion(), p.modelName(), c.pixels(), p.probabilities());
    }

    @Override
    protected void matched(PendingFace p, TruthEvent t, Context ctx) {
        ctx.output(FEEDBACK, new FeedbackPair(t.id(), p.pixels(), t.label(), p.label(), p.probabilities(), p.modelName(),
                p.modelVersion(), p.eventTime(), t.eventTime()));
    }
}
