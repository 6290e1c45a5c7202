package dev.ferstream.model.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferstream.explain.saliency.GradientSaliency;
import dev.ferstream.explain.saliency.OcclusionSaliency;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.bundle.BundleException;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graphs made by python {@code onnx} (src/test/resources/onnx/make_foreign.py), imported as bundles and run through
 * the same classifier API as trained bundles; their expected probabilities come from ONNX Runtime in Python.
 */
class OnnxImportTest {
    static final Path DIR = Path.of("src", "test", "resources", "onnx");

    @Test
    void importedNchwGraphRunsLikeAnyBundleWithPythonsProbabilities(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("tiny");
        OnnxImport.importModel(DIR.resolve("tiny-nchw.onnx"),
                new OnnxImport.Options(1f / 255f, 0f, false, Emotion.labels()), out);
        ModelBundle bundle = ModelBundle.load(out);
        assertTrue(bundle.imported());
        assertNull(bundle.network());
        assertEquals("onnx", bundle.metadata().architecture());
        assertEquals("pixel*0.003921569+0.0, row-major 48x48, 1 channel, NCHW", bundle.metadata().inputScaling());
        assertEquals("model bundle " + out + ": is imported from ONNX (no DL4J weights); saliency.method gradient needs them",
                assertThrows(BundleException.class, () -> new GradientSaliency(bundle)).getMessage());
        // occlusion needs only probabilities: 36 occluded copies of one face, one map
        float[][] occlusion = new OcclusionSaliency(bundle, Engine.DL4J, 1).maps(faces().subList(0, 1), new int[]{0});
        assertEquals(1, occlusion.length);
        assertEquals(48 * 48, occlusion[0].length);
        assertTrue(max(occlusion[0]) > 0, "hiding a square changes the probability somewhere");
        // dl4j is asked for, but an imported bundle can only run on ONNX Runtime
        try (FaceClassifier classifier = Engine.DL4J.classifier(bundle, TestTimeAugmentation.NONE, 1)) {
            assertClose(expected("tiny-nchw"), classifier.probabilities(faces()), "tiny-nchw");
        }
    }

    @Test
    void channelsLastLogitsWithTheirOwnScalingAndLabelOrder(@TempDir Path tmp) throws IOException {
        List<String> reversed = new ArrayList<>(Emotion.labels());
        java.util.Collections.reverse(reversed);
        Path out = tmp.resolve("keras-like");
        OnnxImport.importModel(DIR.resolve("tiny-nhwc.onnx"), new OnnxImport.Options(1f / 127.5f, -1f, true, reversed), out);
        OnnxSignature signature = OnnxImport.signatureOf(out);
        assertTrue(signature.channelsLast());
        assertEquals("x", signature.input());
        float[][] graphOrder = expected("tiny-nhwc");
        float[][] emotionOrder = new float[graphOrder.length][Emotion.COUNT];
        for (int i = 0; i < graphOrder.length; i++) {
            for (int e = 0; e < Emotion.COUNT; e++) {
                emotionOrder[i][e] = graphOrder[i][Emotion.COUNT - 1 - e]; // column j holds reversed[j]
            }
        }
        try (FaceClassifier classifier = Engine.ONNX.classifier(ModelBundle.load(out), TestTimeAugmentation.NONE, 1)) {
            assertClose(emotionOrder, classifier.probabilities(faces()), "tiny-nhwc");
        }
    }

    @Test
    void graphsThatDoNotTakeAFaceOrGiveSevenProbabilitiesAreRefusedWithOneLine(@TempDir Path tmp) {
        Path wrong = DIR.resolve("wrong-input.onnx");
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class, () -> OnnxImport.importModel(
                wrong, new OnnxImport.Options(1f / 255f, 0f, false, Emotion.labels()), tmp.resolve("a")));
        assertEquals(wrong + ": input 'x' is [-1, 3, 32, 32]; expected [N, 1, 48, 48] or [N, 48, 48, 1]", input.getMessage());

        Path logits = DIR.resolve("tiny-nhwc.onnx");
        IllegalArgumentException sums = assertThrows(IllegalArgumentException.class, () -> OnnxImport.importModel(
                logits, new OnnxImport.Options(1f / 127.5f, -1f, false, Emotion.labels()), tmp.resolve("b")));
        assertTrue(sums.getMessage().startsWith(logits + ": output rows sum to "), sums.getMessage());
        assertTrue(sums.getMessage().endsWith("import it with --output logits"), sums.getMessage());
        assertFalse(Files.exists(tmp.resolve("a")), "nothing written for a refused graph");
        assertFalse(Files.exists(tmp.resolve("b")), "nothing written for a refused graph");
    }

    @Test
    void aBundlesModelOnnxOlderThanItsWeightsIsStaleAndNotUsed(@TempDir Path tmp) throws IOException {
        Path bundle = tmp.resolve("hw3-dnn");
        Files.createDirectories(bundle);
        for (String f : List.of(ModelBundle.WEIGHTS, ModelBundle.METADATA)) {
            Files.copy(Path.of("..", "models", "hw3-dnn", f), bundle.resolve(f));
        }
        Path onnx = bundle.resolve(OnnxClassifier.MODEL_FILE);
        Files.write(onnx, new byte[]{1, 2, 3}); // not a graph: shows whether the file was read
        FileTime weights = Files.getLastModifiedTime(bundle.resolve(ModelBundle.WEIGHTS));
        Files.setLastModifiedTime(onnx, FileTime.fromMillis(weights.toMillis() - 60_000));
        ModelBundle loaded = ModelBundle.load(bundle);
        try (FaceClassifier stale = Engine.ONNX.classifier(loaded, TestTimeAugmentation.NONE, 1)) {
            assertEquals(2, stale.probabilities(faces().subList(0, 2)).length, "exported in memory instead");
        }
        Files.setLastModifiedTime(onnx, FileTime.fromMillis(weights.toMillis() + 60_000));
        RuntimeException used = assertThrows(RuntimeException.class,
                () -> Engine.ONNX.classifier(loaded, TestTimeAugmentation.NONE, 1));
        assertTrue(used.getMessage().startsWith("model bundle " + bundle + ": cannot run model.onnx: "), used.getMessage());
    }

    private static float max(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Face k: pixel i = (7 i + 31 k) mod 256, as make_foreign.py. */
    static List<byte[]> faces() {
        List<byte[]> faces = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] pixels = new byte[48 * 48];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) ((i * 7 + k * 31) % 256);
            }
            faces.add(pixels);
        }
        return faces;
    }

    static float[][] expected(String graph) throws IOException {
        JsonNode rows = ModelBundle.json().readTree(DIR.resolve("expected.json").toFile()).get(graph);
        float[][] out = new float[rows.size()][Emotion.COUNT];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < Emotion.COUNT; c++) {
                out[i][c] = (float) rows.get(i).get(c).asDouble();
            }
        }
        return out;
    }

    static void assertClose(float[][] expected, float[][] actual, String what) {
        double diff = dev.ferstream.model.inference.EngineParity.maxAbsDiff(expected, actual);
        assertTrue(diff <= 1e-5, what + ": differs from Python's ONNX Runtime by " + diff);
    }
}
