package dev.ferstream.model.inference;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.runtime.NativeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded bundle ready to serve: native runtime configured, network warmed up at the batch size it will see.
 * It lives in model-lib because nothing here needs Flink; the stream's functions wrap it, and so can any other server.
 * Not thread-safe (DL4J networks are not): one per subtask.
 */
public final class ModelRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

    private final ModelBundle bundle;
    private final FaceClassifier classifier;

    private ModelRunner(ModelBundle bundle, TestTimeAugmentation tta, Engine engine, int threads) {
        this.bundle = bundle;
        this.classifier = engine.classifier(bundle, tta, threads);
        // which engine really serves: a network or platform an engine cannot run falls back to DL4J
        LOG.info("model {} classifies on {} (engine {} asked)", bundle.version(), classifier.getClass().getSimpleName(),
                engine.optionName());
    }

    /** {@link #load(String, int, TestTimeAugmentation, int, Engine)} on the stream's default engine. */
    public static ModelRunner load(String modelPath, int nativeThreads, TestTimeAugmentation tta, int batchSize) {
        return load(modelPath, nativeThreads, tta, batchSize, Engine.STREAM_DEFAULT);
    }

    /**
     * Loads the bundle onto {@code engine} ({@code nativeThreads} is also ONNX Runtime's intra-op thread count) and runs two warm-up passes at {@code batchSize}, so the first real faces do not pay for
     * oneDNN's kernel selection and buffer allocation (measured: the first pass is several times slower).
     */
    public static ModelRunner load(String modelPath, int nativeThreads, TestTimeAugmentation tta, int batchSize,
                                   Engine engine) {
        ModelRunner runner = new ModelRunner(loadBundle(modelPath, nativeThreads), tta, engine, nativeThreads);
        runner.warmUp(batchSize);
        if (batchSize > 1) {
            // micro-batches flushed by their timeout are often a single face: measured, a new network's first
            // batch-1 pass took twice as long as the next when only the full batch had been warmed up
            runner.warmUp(1);
        }
        return runner;
    }

    /**
     * How every serving subtask loads a bundle (classifiers through {@link #load}, saliency directly): native runtime
     * configured for this subtask's threads, the bundle verified, one log line naming version and runtime. Without the
     * classifier and its warm-up, which a subtask that only explains faces would build and never use.
     */
    public static ModelBundle loadBundle(String modelPath, int nativeThreads) {
        NativeRuntime.configure();
        NativeRuntime.maxThreads(nativeThreads);
        ModelBundle bundle = ModelBundle.load(Path.of(modelPath));
        LOG.info("loaded model {} ({}) from {}; {}", bundle.version(), bundle.metadata().architecture(), modelPath,
                NativeRuntime.describe());
        return bundle;
    }

    private void warmUp(int batchSize) {
        List<byte[]> blank = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            blank.add(new byte[Architecture.PIXELS]);
        }
        classifier.probabilities(blank);
        classifier.probabilities(blank);
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public String modelName() {
        return bundle.metadata().architecture();
    }

    public String modelVersion() {
        return bundle.version();
    }

    /** Class probabilities, one row per face (48x48 grey bytes), in the order given. */
    public float[][] probabilities(List<byte[]> faces) {
        return classifier.probabilities(faces);
    }

    /** Frees the engine's native session (ONNX Runtime); DL4J's buffers go with the garbage collector. */
    @Override
    public void close() {
        classifier.close();
    }
}
