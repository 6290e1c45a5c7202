package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.events.PairedVerdict;
import dev.ferstream.jobs.events.ScoredPair;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.time.Duration;

/**
 * Keyed by face id: waits for the champion's and the challenger's matched pair of the same face and emits who was
 * right. A face only one model scored (the challenger shadows a fraction, or it was still loading) is dropped when the
 * watermark passes its face time plus {@code wait}, so state stays bounded.
 */
public final class PairVerdicts extends KeyedProcessFunction<String, ScoredPair, PairedVerdict> {
    private final long waitMs;
    private transient ValueState<ScoredPair> first;

    /** @param wait how long after a face's time its other pair may still come (the truth's max delay) */
    public PairVerdicts(Duration wait) {
        this.waitMs = wait.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        first = getRuntimeContext().getState(new ValueStateDescriptor<>("first-pair", ScoredPair.class));
    }

    @Override
    public void processElement(ScoredPair in, Context ctx, Collector<PairedVerdict> out) throws IOException {
        ScoredPair other = first.value();
        if (other == null || other.challenger() == in.challenger()) {
            first.update(in);
            ctx.timerService().registerEventTimeTimer(in.pair().faceTime() + waitMs);
            return;
        }
        first.clear();
        MatchedPair champion = in.challenger() ? other.pair() : in.pair();
        MatchedPair challenger = in.challenger() ? in.pair() : other.pair();
        out.collect(new PairedVerdict(champion.id(), champion.modelVersion(), challenger.modelVersion(),
                champion.correct(), challenger.correct(), Math.max(champion.truthTime(), challenger.truthTime())));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PairedVerdict> out) {
        first.clear();
    }
}
