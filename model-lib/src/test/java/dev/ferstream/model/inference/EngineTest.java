package dev.ferstream.model.inference;

import dev.ferstream.data.InputScaling;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EngineTest {
    @Test
    void parsesTheOptionNamesAndRefusesOthers() {
        assertEquals(Engine.ONNX, Engine.parse("onnx"));
        assertEquals(Engine.DL4J, Engine.parse("dl4j"));
        assertEquals("engine 'gpu' is not one of [dl4j, onnx]",
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
        try (FaceClassifier onnx = Engine.ONNX.classifier(ModelBundle.load(Path.of("..", "models", "hw3-dnn")),
                TestTimeAugmentation.NONE, 1)) {
            assertInstanceOf(OnnxClassifier.class, onnx);
        }
    }
}
