package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;

/**
 * Joins predictions with their ground truth by face id, in event time, with bounded state.
 *
 * <p>Rules (d = truth.eventTime - face eventTime, D = {@code truth.max-delay}, R = {@code truth.late-retention}):
 * <ul>
 *   <li>both present and d &lt;= D: a {@link MatchedPair} is emitted (counted {@code truth_matched});</li>
 *   <li>d &gt; D: the truth is late: counted {@code truth_late} and sent to {@link #LATE} instead of the windows;</li>
 *   <li>a prediction waits until the watermark passes faceTime + D, then expires ({@code predictions_expired});
 *       its face time is kept until faceTime + D + R so a truth arriving after the expiry is still recognised as
 *       late rather than as a truth without a prediction;</li>
 *   <li>a truth that arrives first waits until the watermark passes its eventTime + D for its prediction; if none
 *       comes it is dropped and counted {@code truth_unmatched}.</li>
 * </ul>
 * Every piece of state has an event-time timer that clears it, so state stays bounded by the ids seen within
 * about D + R of event time. Matched pairs carry the timestamp of the record that completed the pair (usually the
 * truth), so the confusion windows count pairs by the time their truth became known. The same counts are also kept as
 * accumulators (names in {@link #ACCUMULATORS}) so a bounded run (demo, tests) can report exact totals.
 *
 * <p>What is kept of a prediction while it waits is the subclass's choice ({@link #waiting}): label, time and version
 * for the windows ({@link TruthJoinFunction}), plus the face and probabilities when the feedback store is on
 * ({@link FeedbackTruthJoin}), so a job without the store never pays for pixels in its state.
 *
 * @param <P> the prediction input
 * @param <S> what is kept of it while it waits for its truth
 */
public abstract class PairJoin<P, S extends PairJoin.Waiting> extends KeyedCoProcessFunction<String, P, TruthEvent, MatchedPair> {
    public static final OutputTag<TruthEvent> LATE = new OutputTag<>("late-truth") {
    };
    public static final String MATCHED = "truth_matched";
    public static final String CORRECT = "truth_correct";
    public static final String LATE_TRUTH = "truth_late";
    public static final String UNMATCHED = "truth_unmatched";
    public static final String EXPIRED = "predictions_expired";
    public static final String[] ACCUMULATORS = {MATCHED, CORRECT, LATE_TRUTH, UNMATCHED, EXPIRED};

    /** What every kept prediction offers the rules. */
    public interface Waiting {
        int label();

        long eventTime();

        String modelVersion();
    }

    private final long maxDelay;
    private final long retention;
    private final String prefix;
    private final String stateName;
    private final Class<S> stateType;

    private transient ValueState<S> prediction;
    private transient ValueState<TruthEvent> truth;
    private transient ValueState<Long> expiredFaceTime;
    private transient Counted matched;
    private transient Counted correct;
    private transient Counted late;
    private transient Counted unmatched;
    private transient Counted expired;

    /**
     * Uses {@code truth.max-delay} and {@code truth.late-retention}; accumulators are named {@code prefix + name} (the
     * challenger's join runs beside the champion's, and accumulators of one name would be summed over both); the
     * waiting predictions live in the state {@code stateName}.
     */
    protected PairJoin(EventTimeSettings eventTime, String prefix, String stateName, Class<S> stateType) {
        this.maxDelay = eventTime.truthMaxDelay().toMillis();
        this.retention = eventTime.lateRetention().toMillis();
        this.prefix = prefix;
        this.stateName = stateName;
        this.stateType = stateType;
    }

    /** What to keep of a prediction while it waits. */
    protected abstract S waiting(P prediction);

    /** Called for each matched pair after it is emitted (e.g. to write it elsewhere too); nothing by default. */
    protected void matched(S prediction, TruthEvent truth, Context ctx) {
    }

    @Override
    public void open(OpenContext openContext) {
        prediction = getRuntimeContext().getState(new ValueStateDescriptor<>(stateName, stateType));
        truth = getRuntimeContext().getState(new ValueStateDescriptor<>("truth", TruthEvent.class));
        expiredFaceTime = getRuntimeContext().getState(new ValueStateDescriptor<>("expired-face-time", Long.class));
        matched = counted(MATCHED);
        correct = counted(CORRECT);
        late = counted(LATE_TRUTH);
        unmatched = counted(UNMATCHED);
        expired = counted(EXPIRED);
    }

    @Override
    public void processElement1(P in, Context ctx, Collector<MatchedPair> out) throws IOException {
        S p = waiting(in);
        TruthEvent waiting = truth.value();
        if (waiting != null) {
            truth.clear();
            ctx.timerService().deleteEventTimeTimer(waiting.eventTime() + maxDelay);
            decide(p, waiting, ctx, out);
            return;
        }
        prediction.update(p);
        ctx.timerService().registerEventTimeTimer(p.eventTime() + maxDelay);
    }

    @Override
    public void processElement2(TruthEvent t, Context ctx, Collector<MatchedPair> out) throws IOException {
        S p = prediction.value();
        if (p != null) {
            prediction.clear();
            ctx.timerService().deleteEventTimeTimer(p.eventTime() + maxDelay);
            decide(p, t, ctx, out);
            return;
        }
        if (expiredFaceTime.value() != null) {
            late.inc();
            ctx.output(LATE, t);
            return;
        }
        truth.update(t);
        ctx.timerService().registerEventTimeTimer(t.eventTime() + maxDelay);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MatchedPair> out) throws IOException {
        S p = prediction.value();
        if (p != null && timestamp >= p.eventTime() + maxDelay) {
            prediction.clear();
            expired.inc();
            if (retention > 0) {
                expiredFaceTime.update(p.eventTime());
                ctx.timerService().registerEventTimeTimer(p.eventTime() + maxDelay + retention);
            }
        }
        Long gone = expiredFaceTime.value();
        if (gone != null && timestamp >= gone + maxDelay + retention) {
            expiredFaceTime.clear();
        }
        TruthEvent t = truth.value();
        if (t != null && timestamp >= t.eventTime() + maxDelay) {
            truth.clear();
            unmatched.inc();
        }
    }

    private void decide(S p, TruthEvent t, Context ctx, Collector<MatchedPair> out) {
        if (t.eventTime() - p.eventTime() > maxDelay) {
            late.inc();
            ctx.output(LATE, t);
            return;
        }
        matched.inc();
        if (t.label() == p.label()) {
            correct.inc();
        }
        out.collect(new MatchedPair(t.id(), t.label(), p.label(), p.modelVersion(), p.eventTime(), t.eventTime()));
        matched(p, t, ctx);
    }

    /** The metric {@code name} and the accumulator {@code prefix + name}. */
    private Counted counted(String name) {
        return new Counted(getRuntimeContext(), name, prefix + name);
    }
}
