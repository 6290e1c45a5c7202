package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.MatchedPair;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

import java.util.HashMap;
import java.util.Map;

/**
 * The confusion windows' event-time trigger that also counts matched pairs per model version
 * ({@code version_matched_pairs{version}}, docs/metrics.md). A sliding window sees each pair size/slide times, and
 * the window function only sees sums, so the count is taken here, where each (pair, window) passes once: a pair is
 * counted in the one window whose last slide holds its time (the first of its windows to fire), hence once.
 * The version's counter is registered on first sight, in the same {@code version} group as the window gauges.
 */
final class PairCountingTrigger extends Trigger<MatchedPair, TimeWindow> {
    private final Trigger<Object, TimeWindow> fires = EventTimeTrigger.create();
    private final long slideMillis;
    private transient Map<String, Counter> pairs;

    PairCountingTrigger(long slideMillis) {
        this.slideMillis = slideMillis;
    }

    @Override
    public TriggerResult onElement(MatchedPair pair, long timestamp, TimeWindow window, TriggerContext ctx) throws Exception {
        // the time PairTimeWindows assigned the pair by
        long time = Math.max(timestamp, PairTimeWindows.pairTime(pair));
        if (time >= window.getEnd() - slideMillis) {
            counter(pair.modelVersion(), ctx).inc();
        }
        return fires.onElement(pair, timestamp, window, ctx);
    }

    private Counter counter(String version, TriggerContext ctx) {
        if (pairs == null) {
            pairs = new HashMap<>();
        }
        return pairs.computeIfAbsent(version, v -> ctx.getMetricGroup().addGroup("version", v).counter("matched_pairs"));
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        return fires.onEventTime(time, window, ctx);
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        return fires.onProcessingTime(time, window, ctx);
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        fires.clear(window, ctx);
    }

    @Override
    public String toString() {
        return "PairCountingTrigger(" + fires + ", slide " + slideMillis + " ms)";
    }
}
