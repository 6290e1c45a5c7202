package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.model.inference.ModelRunner;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.List;

/**
 * Classifies one face per call (batch of one). The model is loaded in {@link #open}, once per parallel subtask, from
 * the configured path; see {@link BatchClassifyOperator} for the micro-batching variant, which is faster when faces
 * arrive faster than single forward passes can keep up with.
 */
public final class ClassifyFunction extends RichMapFunction<FaceEvent, Classified> {
    private final ModelSettings model;
    private transient ModelRunner runner;
    private transient ClassifierMetrics metrics;

    public ClassifyFunction(ModelSettings model) {
        this.model = model;
    }

    @Override
    public void open(OpenContext openContext) {
        int threads = model.threadsFor(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        runner = ModelRunner.load(model.path(), threads, model.tta(), 1);
        metrics = new ClassifierMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public Classified map(FaceEvent face) {
        long start = System.nanoTime();
        List<Classified> out = FaceClassification.classify(runner, List.of(face));
        metrics.record(out, System.nanoTime() - start);
        return out.get(0);
    }
}
