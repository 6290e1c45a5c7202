package dev.ferstream.model.inference;

import dev.ferstream.data.InputScaling;
import dev.ferstream.data.TestFaces;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.onnx.OnnxClassifier;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EngineTest {
    @Test
    void parsesTheOptionNamesAndRefusesOthers() {
        assertEquals(Engine.ONNX, Engine.parse("onnx"));
        assertEquals(Engine.DL4J, Engine.parse("dl4j"));
        assertEquals(Engine.AUTO, Engine.parse("auto"));
        assertEquals(Engine.DNNL, Engine.parse("dnnl"));
        assertEquals("engine 'gpu' is not one of [dl4j, onnx, dnnl, auto]",
                assertThrows(IllegalArgumentException.class, () -> Engine.parse("gpu")).getMessage());
    }

    @Test
    void aNetworkTheExporterDoesNotKnowRunsOnDl4jWhateverWasAsked(@TempDir Path dir) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .weightInit(WeightInit.XAVIER_UNIFORM).list()
                .layer(new DenseLayer.Builder().nIn(2304).nOut(8).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(Emotion.COUNT).activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        ModelBundle.save(dir, net, new ModelMetadata(ModelMetadata.FORMAT_VERSION, "hw3-dnn", Emotion.labels(),
                InputScaling.DESCRIPTION, net.numParams(), net.numParams(), 0, "test", 0, 0, 0, 0, 0, 0, 0, null, "test",
                "2026-01-01T00:00:00Z"));
        ModelBundle bundle = ModelBundle.load(dir);
        assertInstanceOf(Classifier.class, Engine.ONNX.classifier(bundle, TestTimeAugmentation.NONE, 1), "tanh: DL4J");
        assertInstanceOf(Classifier.class, Engine.AUTO.classifier(bundle, TestTimeAugmentation.NONE, 1), "tanh: DL4J");
        assertInstanceOf(Classifier.class, Engine.DNNL.classifier(bundle, TestTimeAugmentation.NONE, 1), "tanh: DL4J");
        try (FaceClassifier onnx = Engine.ONNX.classifier(ModelBundle.load(Path.of("..", "models", "hw3-dnn")),
                TestTimeAugmentation.NONE, 1)) {
            assertInstanceOf(OnnxClassifier.class, onnx);
        }
    }

    @Test
    void autoAnswersSmallCallsOnOnnxRuntimeAndLargeOnesOnThePlanWithTheSameProbabilities() {
        List<byte[]> faces = new ArrayList<>();
        for (int i = 0; i < AutoClassifier.PLAN_FROM; i++) {
            faces.add(TestFaces.pixels(i));
        }
        ModelBundle bundle = ModelBundle.load(Path.of("..", "models", "hw3-cnn"));
        try (FaceClassifier auto = Engine.AUTO.classifier(bundle, TestTimeAugmentation.NONE, 1);
             FaceClassifier plan = Engine.DL4J.classifier(bundle, TestTimeAugmentation.NONE, 1)) {
            assertInstanceOf(AutoClassifier.class, auto);
            for (int n : new int[]{1, AutoClassifier.PLAN_FROM - 1, AutoClassifier.PLAN_FROM}) {
                float[][] expected = plan.probabilities(faces.subList(0, n));
                float[][] actual = auto.probabilities(faces.subList(0, n));
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < Emotion.COUNT; k++) {
                        assertEquals(expected[i][k], actual[i][k], 1e-4, n + " faces, face " + i + ", class " + k);
                    }
                }
            }
        }
    }

    @Test
    void autoRoutesByTheNumberOfFacesInTheCall() {
        List<String> calls = new ArrayList<>();
        FaceClassifier small = faces -> {
            calls.add("small " + faces.size());
            return new float[faces.size()][Emotion.COUNT];
        };
        FaceClassifier large = faces -> {
            calls.add("large " + faces.size());
            return new float[faces.size()][Emotion.COUNT];
        };
        AutoClassifier auto = new AutoClassifier(small, large);
        int from = AutoClassifier.PLAN_FROM;
        for (int n : new int[]{1, from - 1, from, 4 * from}) {
            auto.probabilities(Collections.nCopies(n, new byte[2304]));
        }
        assertEquals(List.of("small 1", "small " + (from - 1), "large " + from, "large " + 4 * from), calls);
    }
}
