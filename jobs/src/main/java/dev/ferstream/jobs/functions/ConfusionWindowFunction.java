package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.ConfusionCounts;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Attaches window bounds and model version to the aggregated counts and publishes each version's most recently fired
 * window as gauges labelled with that version ({@link VersionWindowMetrics}): with a champion and a challenger live,
 * each keeps its own series instead of both writing to one.
 */
public final class ConfusionWindowFunction extends ProcessWindowFunction<long[], ConfusionCounts, String, TimeWindow> {
    /** Versions whose window gauges are kept current; beyond it the least recently fired version goes blank. */
    public static final int VERSIONS_KEPT = 8;

    private transient VersionWindowMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        metrics = new VersionWindowMetrics(getRuntimeContext().getMetricGroup(), VERSIONS_KEPT);
    }

    @Override
    public void process(String modelVersion, Context context, Iterable<long[]> aggregated, Collector<ConfusionCounts> out) {
        long[] counts = aggregated.iterator().next();
        ConfusionCounts result = new ConfusionCounts(modelVersion, context.window().getStart(), context.window().getEnd(),
                counts.clone());
        // Sliding windows of one key fire in order of their end, so the last one fired is that version's freshest view.
        metrics.fired(modelVersion, result.matrix(), result.windowEnd());
        out.collect(result);
    }
}
