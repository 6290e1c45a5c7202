package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.StartModel;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model.engine=onnx}: the classifier operator serves through ONNX Runtime with DL4J's probabilities. */
class OnnxEngineStreamTest {
    /** A shipped bundle (read only): the engines need layers the inference plan runs, which TinyModel's tanh is not. */
    static final Path MODEL = Path.of("..", "models", "hw3-dnn").toAbsolutePath().normalize();

    @Test
    void theOnnxEngineClassifiesTheStreamAsDl4jDoes() throws Exception {
        Path model = MODEL;
        List<Classified> dl4j = classify(model, Engine.DL4J);
        List<Classified> onnx = classify(model, Engine.ONNX);
        assertEquals(6, onnx.size());
        for (int i = 0; i < 6; i++) {
            assertEquals("f" + i, onnx.get(i).prediction().id());
            assertEquals(dl4j.get(i).prediction().label(), onnx.get(i).prediction().label(), "face " + i);
            float[] a = dl4j.get(i).prediction().probabilities();
            float[] b = onnx.get(i).prediction().probabilities();
            for (int c = 0; c < 7; c++) {
                assertTrue(Math.abs(a[c] - b[c]) <= 1e-4, "face " + i + " class " + c + ": " + a[c] + " vs " + b[c]);
            }
        }
    }

    private static List<Classified> classify(Path model, Engine engine) throws Exception {
        ClassifyOperator operator = new ClassifyOperator(new ModelSettings(model.toString(), TestTimeAugmentation.NONE, 1, engine),
                new BatchingSettings(3, Duration.ofMillis(50)), ModelAssignment.of(StartModel.fromPath(model.toString())),
                new ShadowSelection(1.0));
        try (TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> h = new TwoInputStreamOperatorTestHarness<>(operator)) {
            h.open();
            for (int i = 0; i < 6; i++) {
                h.processElement1(new FaceEvent("f" + i, 1_000 + i, TinyModel.face(i)), 1_000 + i);
            }
            return h.extractOutputValues();
        }
    }
}
