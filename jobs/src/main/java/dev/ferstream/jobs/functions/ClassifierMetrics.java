package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.Classified;
import dev.ferstream.model.Emotion;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.List;

/**
 * The classifier's metrics (names are documented in docs/metrics.md; dashboards depend on them):
 * {@code predictions}, {@code predictions_per_second}, {@code class_predictions{class}}, {@code inference_latency_ms}
 * (one forward pass), {@code batch_size}, {@code event_latency_ms} (eventTime to processedAt).
 */
final class ClassifierMetrics {
    private static final int HISTOGRAM_WINDOW = 4096;

    private final Counter predictions;
    private final Counter[] perClass = new Counter[Emotion.COUNT];
    private final Histogram inferenceLatency;
    private final Histogram batchSize;
    private final Histogram eventLatency;

    ClassifierMetrics(MetricGroup group) {
        predictions = group.counter("predictions");
        group.meter("predictions_per_second", new MeterView(predictions));
        for (Emotion e : Emotion.values()) {
            perClass[e.index()] = group.addGroup("class", e.label()).counter("predictions");
        }
        inferenceLatency = group.histogram("inference_latency_ms", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        batchSize = group.histogram("batch_size", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        eventLatency = group.histogram("event_latency_ms", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    void record(List<Classified> batch, long forwardNanos) {
        inferenceLatency.update(forwardNanos / 1_000_000L);
        batchSize.update(batch.size());
        for (Classified c : batch) {
            predictions.inc();
            perClass[c.prediction().label()].inc();
            eventLatency.update(c.prediction().processedAt() - c.prediction().eventTime());
        }
    }
}
