package dev.ferstream.model.arch;

import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitecturesTest {
    private static ModelSummary summary(String name) {
        NativeRuntime.configure();
        Architecture arch = Architectures.byName(name);
        MultiLayerNetwork net = new MultiLayerNetwork(arch.configuration(ArchitectureOptions.defaults()));
        net.init();
        return ModelSummary.of(arch, net);
    }

    @Test
    void weightDecayRegularizesEveryWeightMatrixButNoBias() {
        NativeRuntime.configure();
        for (String name : Architectures.names()) {
            ArchitectureOptions decayed = new ArchitectureOptions(42, new Nesterovs(0.01, 0.9), null, 5e-4);
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName(name).configuration(decayed));
            net.init();
            int weighted = 0;
            for (int i = 0; i < net.getnLayers(); i++) {
                if (net.getLayer(i).conf().getLayer() instanceof BatchNormalization batchNorm) {
                    assertNull(batchNorm.getRegularizationByParam("gamma"), name + " layer " + i + " BatchNorm scale");
                }
                if (net.getLayer(i).conf().getLayer() instanceof BaseLayer layer && net.getLayer(i).paramTable().containsKey("W")) {
                    weighted++;
                    assertEquals(List.of(new L2Regularization(5e-4)), layer.getRegularizationByParam("W"), name + " layer " + i);
                    assertTrue(layer.getRegularizationByParam("b") == null || layer.getRegularizationByParam("b").isEmpty(),
                            name + " layer " + i + " bias");
                }
            }
            assertTrue(weighted >= 2, name + ": " + weighted + " weight matrices");
            assertEquals(5e-4, ArchitectureOptions.weightDecayOf(net), 1e-12, name);
            MultiLayerNetwork plain = new MultiLayerNetwork(Architectures.byName(name).configuration(ArchitectureOptions.defaults()));
            plain.init();
            assertEquals(0, ArchitectureOptions.weightDecayOf(plain), name);
        }
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureOptions(42, new Nesterovs(0.01, 0.9), null, -1e-4));
    }

    @Test
    void hw3CnnHasTheHomeworksParameterCounts() {
        ModelSummary s = summary("hw3-cnn");
        assertEquals(2_209_059, s.totalParams());
        assertEquals(1_166, s.nonTrainableParams());
        assertEquals(2_207_893, s.trainableParams());
        String table = s.format();
        assertTrue(table.contains("Total params: 2,209,059"), table);
        assertTrue(table.contains("Non-trainable params: 1,166"), table);
        assertTrue(table.contains("(None, 6, 6, 256)"), table);
        assertTrue(table.contains("(None, 9216)"), table);
    }

    @Test
    void hw3DnnHasTheHomeworksParameterCounts() {
        ModelSummary s = summary("hw3-dnn");
        assertEquals(2_242_083, s.totalParams());
        assertEquals(4_110, s.nonTrainableParams());
        assertTrue(s.format().contains("Trainable params: 2,237,973"));
    }

    @Test
    void ferCnnIsSmallerThanHw3Cnn() {
        assertTrue(summary("fer-cnn").totalParams() < 1_300_000);
    }

    @Test
    void ferCnnWideDoublesTheLastTwoStages() {
        ModelSummary s = summary("fer-cnn-wide");
        // fer-cnn's layers with 256 / 512 filters in the 12x12 and 6x6 stages: 3,392 running means and variances
        assertEquals(4_342_183, s.totalParams());
        assertEquals(2 * (32 + 64 * 2 + 256 * 2 + 512 * 2), s.nonTrainableParams());
        assertTrue(s.format().contains("(None, 6, 6, 512)"), s.format());
    }

    @Test
    void ferVggHasTwoConvolutionsInEveryStage() {
        ModelSummary s = summary("fer-vgg");
        // the recipe study's PyTorch model of the same shape has 4,689,735 parameters (weights, biases, BatchNorm
        // scales and offsets); Keras adds the running means and variances of the 8 BatchNorms
        int channels = 2 * (64 + 128 + 256 + 512);
        assertEquals(4_689_735 + 2 * channels, s.totalParams());
        assertEquals(2 * channels, s.nonTrainableParams());
        assertTrue(s.format().contains("(None, 48, 48, 64)"), s.format());
        assertEquals(8, s.format().lines().filter(line -> line.contains("ConvolutionLayer")).count(), s.format());
    }

    @Test
    void ferCnnAppliesReluAfterBatchNorm() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new FerCnn().configuration(ArchitectureOptions.defaults()));
        net.init();
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 2304).subi(0.5);
        java.util.List<org.nd4j.linalg.api.ndarray.INDArray> acts = net.feedForward(x, false);
        // acts.get(0) is the input; then conv, BN, ReLU. (BatchNormalization's own activation is ignored by the
        // oneDNN helper, which is why the ReLU is a layer of its own.)
        assertTrue(acts.get(1).minNumber().doubleValue() < 0, "conv output should have negatives");
        assertTrue(acts.get(3).maxNumber().doubleValue() > 0);
        assertEquals(0.0, acts.get(3).minNumber().doubleValue(), 0.0);
    }

    @Test
    void unknownArchitectureListsKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.byName("vgg"));
        assertTrue(e.getMessage().contains("hw3-cnn, hw3-dnn, fer-cnn"), e.getMessage());
    }
}
