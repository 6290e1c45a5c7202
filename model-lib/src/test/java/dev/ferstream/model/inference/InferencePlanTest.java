package dev.ferstream.model.inference;

import dev.ferstream.data.Face;
import dev.ferstream.data.TestFaces;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferencePlanTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw3-cnn", "hw3-dnn", "fer-cnn", "fer-cnn-wide", "fer-vgg"})
    void givesDl4jsOutputForEveryArchitectureAndBatchSize(String arch) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName(arch).configuration(ArchitectureOptions.defaults()));
        net.init();
        randomiseBatchNorms(net, new Random(7));
        InferencePlan plan = InferencePlan.compile(net);
        // 3 then 1 reuse the first buffers' leading rows; 70 grows them and runs chunks of 64 and 6
        double leastConfident = 1;
        for (int n : new int[]{3, 1, 70, 2}) {
            INDArray faces = Nd4j.rand(DataType.FLOAT, n, 2304).muli(2).subi(1);
            INDArray expected = net.output(faces, false);
            assertClose(expected, plan.output(faces), arch + " batch " + n);
            leastConfident = Math.min(leastConfident, expected.max(1).minNumber().doubleValue());
        }
        assertTrue(leastConfident < 0.99, "some outputs are not saturated, so a wrong weight shows in them");
    }

    @Test
    void foldsBatchNormsThatFollowALayerWithoutActivation() {
        NativeRuntime.configure();
        MultiLayerNetwork ferCnn = new MultiLayerNetwork(Architectures.byName("fer-cnn").configuration(ArchitectureOptions.defaults()));
        ferCnn.init();
        long batchNorms = java.util.Arrays.stream(ferCnn.getLayers())
                .filter(l -> l instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization).count();
        long convolutions = java.util.Arrays.stream(ferCnn.getLayers())
                .filter(l -> l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer).count();
        assertEquals(convolutions, batchNorms, "fer-cnn: every convolution has its BatchNorm");
        // conv + ReLU per convolution (BatchNorm folded), 3 pools, global pooling, dense, softmax
        assertEquals(2 * convolutions + 3 + 3, InferencePlan.compile(ferCnn).steps());
    }

    @Test
    void movesABatchNormAfterMaxPoolingOnlyWhenEveryScaleIsPositive() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName("hw3-cnn").configuration(ArchitectureOptions.defaults()));
        net.init();
        randomiseBatchNorms(net, new Random(11));
        INDArray faces = Nd4j.rand(DataType.FLOAT, 5, 2304);
        assertClose(net.output(faces, false), InferencePlan.compile(net).output(faces), "all scales positive: moved");
        net.getLayer(1).getParam("gamma").putScalar(3, -0.8); // the first BatchNorm, before the first pooling
        assertClose(net.output(faces, false), InferencePlan.compile(net).output(faces), "one negative scale: kept before");
    }

    @Test
    void isASnapshotOfTheWeightsAtCompileTime() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName("hw3-dnn").configuration(ArchitectureOptions.defaults()));
        net.init();
        INDArray faces = Nd4j.rand(DataType.FLOAT, 4, 2304);
        InferencePlan plan = InferencePlan.compile(net);
        INDArray before = plan.output(faces);
        net.getLayer(0).getParam("W").muli(3);
        assertClose(before, plan.output(faces), "unchanged after the network's weights change");
        assertClose(net.output(faces, false), InferencePlan.compile(net).output(faces), "recompiled");
    }

    @Test
    void refusesALayerItCannotRunNamingIt() {
        NativeRuntime.configure();
        MultiLayerNetwork net = averagePoolingNetwork(8, new LossLayer.Builder().activation(Activation.SOFTMAX).build());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> InferencePlan.compile(net));
        assertEquals("InferencePlan cannot run layer 1 (SubsamplingLayer): AVG subsampling", e.getMessage());
        IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
                () -> InferencePlan.compile(new MultiLayerNetwork(Architectures.byName("hw3-dnn")
                        .configuration(ArchitectureOptions.defaults())) {{ init(); }}).output(Nd4j.zeros(DataType.FLOAT, 1, 100)));
        assertTrue(wrongWidth.getMessage().contains("expected features [n, 2304], got [1, 100]"), wrongWidth.getMessage());
    }

    @Test
    void classifierFallsBackToDl4jForANetworkThePlanRefuses() {
        NativeRuntime.configure();
        MultiLayerNetwork net = averagePoolingNetwork(48,
                new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(7).activation(Activation.SOFTMAX).build());
        List<byte[]> faces = List.of(TestFaces.pixels(1), TestFaces.pixels(2));
        float[][] probabilities = new Classifier(net, TestTimeAugmentation.NONE).probabilities(faces);
        INDArray expected = net.output(Nd4j.create(dev.ferstream.data.InputScaling.batch(faces), new long[]{2, 2304}, 'c'), false);
        assertClose(expected, Nd4j.createFromArray(probabilities), "DL4J's output through the Classifier");
    }

    /** Conv, average pooling (which the plan refuses), then {@code last}, on side x side faces. */
    private static MultiLayerNetwork averagePoolingNetwork(int side, org.deeplearning4j.nn.conf.layers.Layer last) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(last)
                .setInputType(InputType.convolutionalFlat(side, side, 1)).build());
        net.init();
        return net;
    }

    /**
     * Trained-looking BatchNorms: random scales and offsets, and the statistics of real activations (so the outputs
     * are neither uniform nor saturated and a wrongly folded BatchNorm shows in them).
     */
    static void randomiseBatchNorms(MultiLayerNetwork net, Random random) {
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) {
                fill(layer.getParam("gamma"), random, 0.5, 1.5);
                fill(layer.getParam("beta"), random, -0.5, 0.5);
            }
        }
        List<Face> faces = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            faces.add(new Face("f" + i, TestFaces.pixels(random.nextLong()), i % 7, i + 1));
        }
        BatchNormRecalibration.apply(net, faces);
    }

    private static void fill(INDArray param, Random random, double low, double high) {
        for (long i = 0; i < param.length(); i++) {
            param.putScalar(i, low + (high - low) * random.nextDouble());
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double maxDiff = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.same.AMax(expected.sub(actual))).getDouble(0);
        // float rounding differs where BatchNorms are folded into the weights (7 in a row in fer-cnn-wide)
        assertTrue(maxDiff < 5e-4, what + ": max |difference| " + maxDiff);
        double spread = expected.maxNumber().doubleValue() - expected.minNumber().doubleValue();
        assertTrue(spread > 0.05, what + ": outputs are not uniform (spread " + spread + ")");
    }
}
