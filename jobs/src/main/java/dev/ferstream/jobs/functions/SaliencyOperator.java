package dev.ferstream.jobs.functions;

import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.config.SaliencySettings;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.lifecycle.BackgroundPriority;
import dev.ferstream.jobs.lifecycle.LoadedModel;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelLoader;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.ModelRunner;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.List;

/**
 * Computes the saliency map of one selected face with the serving champion. A separate operator with its own model
 * instance (not shared with the classifier: DL4J networks are not thread-safe, and operators may run in different
 * threads), so expensive explanations can be scaled or slot-shared independently of classification. It follows the
 * same broadcast decisions as the classifier; each map carries the version that computed it, which right after a swap
 * can differ from the version that classified the face.
 *
 * <p>Maps are a best-effort sample: the subtask's thread runs at {@code saliency.nice}, so the maps take the CPU
 * classification leaves idle, and a request that waited longer than {@code saliency.max-lag} since its face was
 * classified is dropped ({@link #SHED}) rather than explained late, so a backlog of requests never grows until it
 * pushes back on classification. Metrics: {@code saliency_maps}, {@code saliency_latency_ms}, {@code saliency_shed}
 * (also an accumulator of that name, which the demo's summary reads).
 */
public final class SaliencyOperator extends ModelServingOperator<ExplainRequest, SaliencyEvent, SaliencyProvider> {
    /** Requests dropped for waiting longer than saliency.max-lag (metric and accumulator). */
    public static final String SHED = "saliency_shed";

    private final ModelSettings model;
    private final SaliencyProviderFactory factory;
    private final int nice;
    private final long maxLagMs;
    private transient Counter maps;
    private transient Counted shed;
    private transient Histogram latency;

    public SaliencyOperator(ModelSettings model, SaliencyProviderFactory factory, SaliencySettings settings,
                            ModelAssignment start) {
        super(start, "saliency");
        this.model = model;
        this.factory = factory;
        this.nice = settings.nice();
        this.maxLagMs = settings.maxLag().toMillis();
    }

    @Override
    protected boolean scoresChallenger() {
        return false;
    }

    @Override
    protected int nativeThreads() {
        return model.threadsFor(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    protected ModelLoader.Opener<SaliencyProvider> opener(int threads) {
        SaliencyProviderFactory f = factory;
        Engine engine = model.engine();
        return dir -> warmedUp(f.create(ModelRunner.loadBundle(dir.toString(), threads), engine, threads));
    }

    /**
     * One map of a blank face before the provider serves: a network with another input shape fails here, on the
     * loader thread, and is rejected (the whole-job test found such a version loaded by saliency while every
     * classifier refused it); the first real map does not pay for kernel selection either.
     */
    private static SaliencyProvider warmedUp(SaliencyProvider provider) {
        provider.maps(List.of(new byte[Architecture.PIXELS]), new int[] {0});
        return provider;
    }

    @Override
    public void open() throws Exception {
        BackgroundPriority.lowerCurrentThread(nice); // open() runs on the task thread, which computes the maps
        maps = getMetricGroup().counter("saliency_maps");
        shed = new Counted(getRuntimeContext(), SHED, SHED);
        latency = getMetricGroup().histogram("saliency_latency_ms", new DescriptiveStatisticsHistogram(1024));
        super.open();
    }

    @Override
    public void processElement1(StreamRecord<ExplainRequest> element) {
        ExplainRequest r = element.getValue();
        if (getProcessingTimeService().getCurrentProcessingTime() - r.classifiedAt() > maxLagMs) {
            shed.inc();
            return;
        }
        LoadedModel<SaliencyProvider> champion = models().champion();
        long start = System.nanoTime();
        float[] map = champion.model().maps(List.of(r.pixels()), new int[]{r.label()})[0];
        latency.update((System.nanoTime() - start) / 1_000_000L);
        maps.inc();
        SaliencyEvent out = new SaliencyEvent(r.id(), r.label(), r.probability(), map, champion.model().method(),
                r.reason(), champion.ref().version(), r.eventTime());
        output.collect(element.hasTimestamp() ? new StreamRecord<>(out, element.getTimestamp()) : new StreamRecord<>(out));
    }
}
