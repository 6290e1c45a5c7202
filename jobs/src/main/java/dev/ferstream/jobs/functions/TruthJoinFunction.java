package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.PredictionEvent;

/**
 * Joins predictions with their ground truth by face id, in event time, with bounded state: the rules are
 * {@link PairJoin}'s; this join keeps only label, face time and model version of a waiting prediction, all the
 * confusion windows need.
 */
public final class TruthJoinFunction extends PairJoin<PredictionEvent, TruthJoinFunction.Pending> {
    /** What is kept of a prediction while it waits for its truth. */
    public record Pending(int label, long eventTime, String modelVersion) implements PairJoin.Waiting {
    }

    /** Uses {@code truth.max-delay} and {@code truth.late-retention}. */
    public TruthJoinFunction(EventTimeSettings eventTime) {
        this(eventTime, "");
    }

    /**
     * A join whose accumulators are named {@code prefix + name}: the challenger's join runs beside the champion's,
     * and accumulators of one name would be summed over both.
     */
    public TruthJoinFunction(EventTimeSettings eventTime, String prefix) {
        super(eventTime, prefix, "prediction", Pending.class);
    }

    @Override
    protected Pending waiting(PredictionEvent p) {
        return new Pending(p.label(), p.eventTime(), p.modelVersion());
    }
}
