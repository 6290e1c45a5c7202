package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.model.Architecture;
import dev.ferstream.model.Classifier;
import dev.ferstream.model.ModelBundle;
import dev.ferstream.model.TestTimeAugmentation;
import dev.ferstream.runtime.NativeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One loaded model and its {@link Classifier}, owned by exactly one Flink subtask (DL4J networks are not
 * thread-safe, so never share or cache one statically). Shared by the per-face and the micro-batching classifier so
 * both produce identical predictions.
 */
public final class ModelRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

    private final ModelBundle bundle;
    private final Classifier classifier;

    private ModelRunner(ModelBundle bundle, TestTimeAugmentation tta) {
        this.bundle = bundle;
        this.classifier = new Classifier(bundle.network(), tta);
    }

    /**
     * Loads the bundle after configuring the native runtime: oneDNN helpers on and the native thread pool capped so
     * that parallel subtasks in one JVM do not oversubscribe the cores (spinning OpenMP threads collapse then); then
     * warms it up at the batch size the subtask will use.
     */
    public static ModelRunner load(String modelPath, int nativeThreads, TestTimeAugmentation tta, int batchSize) {
        NativeRuntime.configure();
        NativeRuntime.maxThreads(nativeThreads);
        ModelBundle bundle = ModelBundle.load(Path.of(modelPath));
        LOG.info("loaded model {} ({}) from {}; {}", bundle.version(), bundle.metadata().architecture(), modelPath,
                NativeRuntime.describe());
        ModelRunner runner = new ModelRunner(bundle, tta);
        runner.warmUp(batchSize);
        return runner;
    }

    /**
     * Two forward passes on blank faces at the batch size the subtask will use, so the first real faces do not pay
     * for oneDNN's primitive creation and the JIT (the first passes are several times slower than the rest).
     */
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

    /** One batched forward pass for all faces; processedAt is the time the pass finished. */
    public List<Classified> classify(List<FaceEvent> faces) {
        List<byte[]> pixels = new ArrayList<>(faces.size());
        for (FaceEvent f : faces) {
            pixels.add(f.pixels());
        }
        float[][] probabilities = classifier.probabilities(pixels);
        long now = System.currentTimeMillis();
        List<Classified> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            FaceEvent f = faces.get(i);
            out.add(new Classified(new PredictionEvent(f.id(), Classifier.argmax(probabilities[i]), probabilities[i],
                    modelName(), modelVersion(), f.eventTime(), now), f.pixels()));
        }
        return out;
    }
}
