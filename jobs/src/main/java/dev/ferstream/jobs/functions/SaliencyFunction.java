package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;
import dev.ferstream.model.inference.ModelRunner;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.List;

/**
 * Computes the saliency map of one selected face. A separate operator with its own model instance (not shared with
 * the classifier: DL4J networks are not thread-safe, and operators may run in different threads), so expensive
 * explanations can be scaled or slot-shared independently of classification. Metrics: {@code saliency_maps},
 * {@code saliency_latency_ms}.
 */
public final class SaliencyFunction extends RichMapFunction<ExplainRequest, SaliencyEvent> {
    private final ModelSettings model;
    private final SaliencyProviderFactory factory;
    private transient SaliencyProvider provider;
    private transient Counter maps;
    private transient Histogram latency;

    public SaliencyFunction(ModelSettings model, SaliencyProviderFactory factory) {
        this.model = model;
        this.factory = factory;
    }

    @Override
    public void open(OpenContext openContext) {
        // loaded as the classifiers load theirs (native runtime, thread cap, the load line in the log), so a bad
        // bundle fails here with the same message, and the provider explains the network that classified
        int threads = model.threadsFor(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        provider = factory.create(ModelRunner.loadBundle(model.path(), threads));
        maps = getRuntimeContext().getMetricGroup().counter("saliency_maps");
        latency = getRuntimeContext().getMetricGroup().histogram("saliency_latency_ms",
                new DescriptiveStatisticsHistogram(1024));
    }

    @Override
    public SaliencyEvent map(ExplainRequest r) {
        long start = System.nanoTime();
        float[] map = provider.maps(List.of(r.pixels()), new int[]{r.label()})[0];
        latency.update((System.nanoTime() - start) / 1_000_000L);
        maps.inc();
        return new SaliencyEvent(r.id(), r.label(), r.probability(), map, provider.method(), r.reason(),
                r.modelVersion(), r.eventTime());
    }
}
