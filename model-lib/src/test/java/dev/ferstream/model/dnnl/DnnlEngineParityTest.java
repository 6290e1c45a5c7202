package dev.ferstream.model.dnnl;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static dev.ferstream.model.inference.EngineParity.TOLERANCE;
import static dev.ferstream.model.inference.EngineParity.dl4jOutput;
import static dev.ferstream.model.inference.EngineParity.faces;
import static dev.ferstream.model.inference.EngineParity.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped bundle on the oneDNN engine gives DL4J's own probabilities to 1e-4: one face, a call cut into several
 * passes (37 = 32 + 4 + 1) and one over the largest pass (70 = 64 + 4 + 2), and with mirror test-time augmentation
 * against the DL4J engine.
 */
class DnnlEngineParityTest {
    @ParameterizedTest
    @MethodSource("dev.ferstream.model.inference.EngineParity#bundles")
    void givesDl4jsProbabilitiesAtEveryCallSize(String name) {
        ModelBundle bundle = ModelBundle.load(Path.of("..", "models", name));
        List<byte[]> faces = faces(70, name.hashCode());
        float[][] expected = dl4jOutput(bundle.network(), faces).toFloatMatrix();
        try (DnnlClassifier dnnl = new DnnlClassifier(bundle.network(), TestTimeAugmentation.NONE)) {
            for (int n : new int[]{1, 37, 70, 3}) {
                double diff = maxAbsDiff(slice(expected, n), dnnl.probabilities(faces.subList(0, n)));
                assertTrue(diff <= TOLERANCE, name + ", " + n + " faces: oneDNN vs DL4J max abs diff " + diff);
            }
        }
        try (FaceClassifier dl4j = Engine.DL4J.classifier(bundle, TestTimeAugmentation.MIRROR, 1);
             FaceClassifier dnnl = Engine.DNNL.classifier(bundle, TestTimeAugmentation.MIRROR, 1)) {
            assertTrue(dnnl instanceof DnnlClassifier, name + " runs on the oneDNN engine, not a fallback");
            List<byte[]> some = faces.subList(0, 9);
            double diff = maxAbsDiff(dl4j.probabilities(some), dnnl.probabilities(some));
            assertTrue(diff <= TOLERANCE, name + " with mirror TTA: engines differ by " + diff);
        }
    }

    private static float[][] slice(float[][] rows, int n) {
        float[][] out = new float[n][];
        System.arraycopy(rows, 0, out, 0, n);
        return out;
    }
}
