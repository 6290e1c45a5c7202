package dev.ferstream.model.onnx;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;

import static dev.ferstream.model.inference.EngineParity.TOLERANCE;
import static dev.ferstream.model.inference.EngineParity.dl4jOutput;
import static dev.ferstream.model.inference.EngineParity.faces;
import static dev.ferstream.model.inference.EngineParity.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shipped bundle exported to ONNX and run in ONNX Runtime gives DL4J's own probabilities, and the two engines
 * behind {@link FaceClassifier} agree, with test-time augmentation and at several batch sizes.
 */
class OnnxEngineParityTest {
    @ParameterizedTest
    @MethodSource("dev.ferstream.model.inference.EngineParity#bundles")
    void exportedGraphGivesDl4jsProbabilitiesAndTheEnginesAgree(String name) {
        ModelBundle bundle = ModelBundle.load(Path.of("..", "models", name));
        List<byte[]> faces = faces(9, name.hashCode());
        byte[] model = OnnxExport.export(bundle.network(), name);
        assertEquals(0x08, model[0], "ModelProto starts with ir_version");
        assertEquals(OnnxGraph.IR_VERSION, model[1]);

        INDArray expected = dl4jOutput(bundle.network(), faces);
        try (OnnxClassifier onnx = new OnnxClassifier(model, OnnxSignature.EXPORTED, TestTimeAugmentation.NONE, 1)) {
            double diff = maxAbsDiff(expected.toFloatMatrix(), onnx.probabilities(faces));
            assertTrue(diff <= TOLERANCE, name + ": ONNX vs DL4J max abs diff " + diff);
        }
        double leastConfident = expected.max(1).minNumber().doubleValue();
        assertTrue(leastConfident < 0.99, name + ": some outputs are not saturated, so a wrong weight shows in them");

        try (FaceClassifier dl4j = Engine.DL4J.classifier(bundle, TestTimeAugmentation.MIRROR, 1);
             FaceClassifier onnx = Engine.ONNX.classifier(bundle, TestTimeAugmentation.MIRROR, 1)) {
            for (int batch : new int[]{1, 4, 9}) {
                double diff = maxAbsDiff(dl4j.probabilities(faces, batch), onnx.probabilities(faces, batch));
                assertTrue(diff <= TOLERANCE, name + " batch " + batch + " with mirror TTA: engines differ by " + diff);
            }
        }
    }
}
