package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.MatchedPair;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.time.Duration;
import java.util.Collection;

/**
 * Sliding event-time windows over a matched pair's own time, the later of its face's and its label's event time,
 * instead of the timestamp of whichever record happened to complete the pair. Why: which side arrives second depends
 * on processing order, and that order differs between a run and its replay after a failure (the labels source may
 * run ahead while the classifiers restore), so the same pair could land in a different window. With the pair's own
 * time, a window's count is a function of the data alone, which is what lets an outside reader check that every
 * matched pair is counted exactly once (bench/chaos). Never late: the later event time is at or after the timestamp
 * of the record that completed the pair, which was itself not late.
 */
public final class PairTimeWindows extends WindowAssigner<MatchedPair, TimeWindow> {
    private final SlidingEventTimeWindows sliding;

    public PairTimeWindows(Duration size, Duration slide) {
        this.sliding = SlidingEventTimeWindows.of(size, slide);
    }

    /** The time a pair is counted at. */
    public static long pairTime(MatchedPair pair) {
        return Math.max(pair.faceTime(), pair.truthTime());
    }

    @Override
    public Collection<TimeWindow> assignWindows(MatchedPair pair, long timestamp, WindowAssignerContext context) {
        return sliding.assignWindows(pair, Math.max(timestamp, pairTime(pair)), context);
    }

    /** Event time, counting each pair once per model version on the way ({@link PairCountingTrigger}). */
    @Override
    public Trigger<MatchedPair, TimeWindow> getDefaultTrigger() {
        return new PairCountingTrigger(sliding.getSlide());
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return sliding.getWindowSerializer(executionConfig);
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "PairTimeWindows(" + sliding.getSize() + ", " + sliding.getSlide() + ")";
    }
}
