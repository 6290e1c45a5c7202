package dev.ferstream.jobs.functions;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.Emotion;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The confusion-window gauges of every live model version, each under the metric group {@code version=<v>}, so two
 * versions live at once (champion and challenger) are two sets of series instead of one set that flips between
 * them. Prometheus names carry the key: {@code version_window_accuracy{version}}, {@code version_window_total},
 * {@code version_window_end}, {@code version_class_window_recall{version,class}},
 * {@code version_class_window_precision{version,class}} and the 49
 * {@code version_actual_predicted_window_count{version,actual,predicted}} (docs/metrics.md).
 *
 * <p>A version's gauges are registered the first time one of its windows fires. Flink cannot cheaply remove a metric
 * group, so instead of removing gauges this keeps the windows of at most {@code capacity} versions: when one more
 * version fires, the version whose window fired least recently is forgotten and its gauges read as "no window" (NaN
 * accuracy, recall and precision, zero counts and {@code window_end} 0) until it fires again. Its series stay
 * exported until the job restarts (about 110 gauges per version ever seen; versions change a few times a day).
 *
 * <p>The task thread writes, the reporter thread reads: each version's window is one immutable snapshot swapped in
 * whole, so a scrape never sees a half-updated matrix.
 */
final class VersionWindowMetrics {
    private static final Snapshot NONE = new Snapshot(new ConfusionMatrix(), 0, 0);

    private final MetricGroup operator;
    private final int capacity;
    private final Map<String, Snapshot> windows = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private long fired;

    /** One fired window of one version; {@code sequence} orders the firings for eviction. */
    private record Snapshot(ConfusionMatrix matrix, long windowEnd, long sequence) {
    }

    VersionWindowMetrics(MetricGroup operator, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the versions kept must be at least 1, got " + capacity);
        }
        this.operator = operator;
        this.capacity = capacity;
    }

    /** The window of {@code version} that just fired becomes what that version's gauges read. */
    void fired(String version, ConfusionMatrix matrix, long windowEnd) {
        if (registered.add(version)) {
            register(version);
        }
        windows.put(version, new Snapshot(matrix, windowEnd, ++fired));
        while (windows.size() > capacity) {
            windows.remove(leastRecentlyFired());
        }
    }

    private String leastRecentlyFired() {
        String oldest = null;
        long sequence = Long.MAX_VALUE;
        for (Map.Entry<String, Snapshot> e : windows.entrySet()) {
            if (e.getValue().sequence() < sequence) {
                sequence = e.getValue().sequence();
                oldest = e.getKey();
            }
        }
        return oldest;
    }

    private ConfusionMatrix matrix(String version) {
        return windows.getOrDefault(version, NONE).matrix();
    }

    private void register(String version) {
        MetricGroup group = operator.addGroup("version", version);
        group.gauge("window_accuracy", (Gauge<Double>) () -> matrix(version).accuracy());
        group.gauge("window_total", (Gauge<Long>) () -> matrix(version).total());
        group.gauge("window_end", (Gauge<Long>) () -> windows.getOrDefault(version, NONE).windowEnd());
        for (Emotion actual : Emotion.values()) {
            int a = actual.index();
            MetricGroup cls = group.addGroup("class", actual.label());
            cls.gauge("window_recall", (Gauge<Double>) () -> matrix(version).recall(a));
            cls.gauge("window_precision", (Gauge<Double>) () -> matrix(version).precision(a));
            MetricGroup row = group.addGroup("actual", actual.label());
            for (Emotion predicted : Emotion.values()) {
                int p = predicted.index();
                row.addGroup("predicted", predicted.label())
                        .gauge("window_count", (Gauge<Long>) () -> matrix(version).count(a, p));
            }
        }
    }
}
