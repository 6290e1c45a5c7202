package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.model.inference.ModelRunner;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

import java.util.List;

/**
 * Classifies one face per call (batch of one). The model is loaded in {@link #open}, once per parallel subtask, from
 * the configured path; see {@link BatchClassifyOperator} for the micro-batching variant, which is faster when faces
 * arrive faster than single forward passes can keep up with.
 */
public final class ClassifyFunction extends RichMapFunction<FaceEvent, Classified> {
    private final String modelPath;
    private final int nativeThreads;
    private final TestTimeAugmentation tta;
    private transient ModelRunner runner;
    private transient ClassifierMetrics metrics;

    public ClassifyFunction(String modelPath, int nativeThreads, TestTimeAugmentation tta) {
        this.modelPath = modelPath;
        this.nativeThreads = nativeThreads;
        this.tta = tta;
    }

    @Override
    public void open(OpenContext openContext) {
        runner = ModelRunner.load(modelPath, nativeThreads, tta, 1);
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
