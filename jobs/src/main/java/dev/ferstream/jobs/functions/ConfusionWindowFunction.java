package dev.ferstream.jobs.functions;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.model.Emotion;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Attaches window bounds and model version to the aggregated counts and publishes the most recently fired window as
 * gauges: {@code window_accuracy}, {@code window_total}, {@code window_end}, {@code class_window_recall{class}},
 * {@code class_window_precision{class}} and the 49 cells {@code actual_predicted_window_count{actual,predicted}}.
 * Gauges read a volatile snapshot, so the metric reporter thread never sees a half-updated matrix.
 */
public final class ConfusionWindowFunction extends ProcessWindowFunction<long[], ConfusionCounts, String, TimeWindow> {
    private transient volatile ConfusionMatrix latest;
    private transient volatile long latestEnd;

    @Override
    public void open(OpenContext openContext) {
        latest = new ConfusionMatrix();
        MetricGroup group = getRuntimeContext().getMetricGroup();
        group.gauge("window_accuracy", (Gauge<Double>) () -> latest.accuracy());
        group.gauge("window_total", (Gauge<Long>) () -> latest.total());
        group.gauge("window_end", (Gauge<Long>) () -> latestEnd);
        for (Emotion actual : Emotion.values()) {
            int a = actual.index();
            MetricGroup cls = group.addGroup("class", actual.label());
            cls.gauge("window_recall", (Gauge<Double>) () -> latest.recall(a));
            cls.gauge("window_precision", (Gauge<Double>) () -> latest.precision(a));
            MetricGroup row = group.addGroup("actual", actual.label());
            for (Emotion predicted : Emotion.values()) {
                int p = predicted.index();
                row.addGroup("predicted", predicted.label())
                        .gauge("window_count", (Gauge<Long>) () -> latest.count(a, p));
            }
        }
    }

    @Override
    public void process(String modelVersion, Context context, Iterable<long[]> aggregated, Collector<ConfusionCounts> out) {
        long[] counts = aggregated.iterator().next();
        ConfusionCounts result = new ConfusionCounts(modelVersion, context.window().getStart(), context.window().getEnd(),
                counts.clone());
        // Sliding windows fire in order of their end, so the last one fired is the freshest view.
        latest = result.matrix();
        latestEnd = result.windowEnd();
        out.collect(result);
    }
}
