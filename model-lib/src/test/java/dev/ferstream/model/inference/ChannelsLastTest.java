package dev.ferstream.model.inference;

import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan's two exact rewrites: maps kept channels-last, and a ReLU moved after the max pooling it precedes. */
class ChannelsLastTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw3-cnn", "fer-cnn", "fer-vgg"})
    void everyMapStepOfAConvolutionalNetworkRunsChannelsLast(String arch) {
        List<Stage> stages = ChannelsLast.convert(PlanCompiler.compile(network(arch)));
        assertArrayEquals(new long[]{48, 48, 1}, stages.get(0).inputShape(), "the face, [H, W, C]");
        long maps = 0;
        for (Stage stage : stages) {
            InferenceStep step = stage.step();
            if (step instanceof ConvolutionStep c) {
                assertTrue(c.channelsLast(), arch + " convolution");
            } else if (step instanceof MaxPoolStep p) {
                assertTrue(p.channelsLast(), arch + " pooling");
            }
            if (stage.outputShape().length == 3) {
                maps++;
                assertEquals(stage.outputShape()[0], stage.outputShape()[1], arch + ": [H, W, C] of square maps "
                        + Arrays.toString(stage.outputShape()));
            }
        }
        assertTrue(maps > 3, arch + " has maps");
    }

    @Test
    void theDenseLayerAfterTheFlattenReadsEachWeightRowAtItsChannelsLastPosition() {
        long c = 3, h = 2, w = 4;
        INDArray weights = Nd4j.arange(c * h * w).castTo(DataType.FLOAT).reshape(c * h * w, 1).repeat(1, 2);
        DenseStep moved = new DenseStep(weights, Nd4j.zeros(DataType.FLOAT, 2)).readingChannelsLast(new long[]{c, h, w});
        for (long y = 0; y < h; y++) {
            for (long x = 0; x < w; x++) {
                for (long ch = 0; ch < c; ch++) {
                    long nchwRow = ch * h * w + y * w + x;
                    long nhwcRow = (y * w + x) * c + ch;
                    assertEquals(nchwRow, moved.weights().getFloat(nhwcRow, 1), 0, "row of c=" + ch + " h=" + y + " w=" + x);
                }
            }
        }
    }

    @Test
    void aMapThatReachesTheOutputStaysInDl4jsOrder() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutionalFlat(6, 6, 1)).build());
        net.init();
        List<Stage> compiled = PlanCompiler.compile(net);
        assertSame(compiled, ChannelsLast.convert(compiled), "left as compiled");
        INDArray faces = Nd4j.rand(DataType.FLOAT, 2, 36);
        INDArray expected = net.output(faces, false);
        INDArray actual = InferencePlan.compile(net).output(faces).reshape('c', expected.shape()); // DL4J flattens it
        assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 1e-5, "NCHW maps out, as DL4J gives them");
    }

    @Test
    void aReluBeforeAMaxPoolingRunsAfterItOnTheSmallerMaps() {
        // hw3-cnn: conv (ReLU), BatchNorm, max pooling; the plan moved each BatchNorm after its pooling already
        List<Stage> stages = ReluAfterPooling.apply(PlanCompiler.compile(network("hw3-cnn")));
        List<String> steps = stages.stream().map(s -> s.step().getClass().getSimpleName()).toList();
        assertEquals(List.of("ConvolutionStep", "MaxPoolStep", "ReluStep", "BatchNormStep"), steps.subList(0, 4));
        assertArrayEquals(new long[]{64, 24, 24}, stages.get(2).inputShape(), "the ReLU runs on the pooled maps");
        assertArrayEquals(new long[]{64, 48, 48}, stages.get(1).inputShape(), "the pooling reads the convolution's output");
    }

    private static MultiLayerNetwork network(String arch) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName(arch).configuration(ArchitectureOptions.defaults()));
        net.init();
        return net;
    }
}
