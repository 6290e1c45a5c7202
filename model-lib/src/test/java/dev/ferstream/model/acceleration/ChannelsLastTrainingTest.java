package dev.ferstream.model.acceleration;

import dev.ferstream.model.Hw3CnnFixture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.FerCnn;
import dev.ferstream.model.arch.Hw3Dnn;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channels-last step must compute what the NCHW step computes (dropout off: its masks are drawn in memory order, so
 * they differ between layouts by design), and leave the network's configuration as it found it.
 */
class ChannelsLastTrainingTest {
    private static final DataSet BATCH = Hw3CnnFixture.BATCH;

    private static MultiLayerNetwork accelerated(MultiLayerNetwork net) {
        for (var conf : net.getLayerWiseConfigurations().getConfs()) {
            if (conf.getLayer() instanceof DropoutLayer dropout) {
                dropout.setIDropout(null);
            }
        }
        return TrainingAcceleration.apply(net);
    }

    private static MultiLayerNetwork ferCnn() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new FerCnn().configuration(ArchitectureOptions.defaults()));
        net.init();
        return net;
    }

    private static void assertSameStep(MultiLayerNetwork nchw, MultiLayerNetwork channelsLast) {
        assertSameStep(nchw, channelsLast, 1e-5);
    }

    private static void assertSameStep(MultiLayerNetwork nchw, MultiLayerNetwork channelsLast, double tolerance) {
        GradientStep expected = GradientStep.of(nchw, BATCH, 5);
        AtomicReference<GradientStep> actual = new AtomicReference<>();
        ChannelsLastTraining training = ChannelsLastTraining.of(channelsLast);
        assertTrue(training.switches());
        training.during(() -> actual.set(GradientStep.of(channelsLast, BATCH, 5)));
        assertEquals(expected.score(), actual.get().score(), 1e-5 * Math.abs(expected.score()));
        INDArray want = expected.gradient().gradient();
        double size = want.norm2Number().doubleValue();
        double apart = want.sub(actual.get().gradient().gradient()).norm2Number().doubleValue();
        assertTrue(size > 0);
        assertTrue(apart <= tolerance * size, "gradients differ by " + apart + " of " + size);
    }

    @Test
    void hw3CnnGradientsEqualTheNchwStep() {
        assertSameStep(accelerated(Hw3CnnFixture.hw3Cnn()), accelerated(Hw3CnnFixture.hw3Cnn()));
    }

    @Test
    void ferCnnGradientsEqualTheNchwStep() { // ReLU layers, global average pooling
        assertSameStep(accelerated(ferCnn()), accelerated(ferCnn()));
    }

    /**
     * Convolutions without bias (DL4J still hands them a bias gradient view). Eight BatchNorms over this small batch
     * magnify summation-order differences: the layouts' gradients differ by 6.2e-4 of their norm with DL4J's helpers
     * as with oneDNN 2.5's (0.086256 and 0.086253 of 139.46, measured), so the bound is 1e-3 here.
     */
    @Test
    void ferVggGradientsEqualTheNchwStep() {
        assertSameStep(accelerated(ferVgg()), accelerated(ferVgg()), 1e-3);
    }

    private static MultiLayerNetwork ferVgg() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(FerCnn.vgg().configuration(ArchitectureOptions.defaults()));
        net.init();
        return net;
    }

    /**
     * The layouts' gradients differ in summation order only (channels-last steps sum on oneDNN 2.5's kernels, the
     * first layer's weights-only pass included), and two things would magnify that: Adam's first steps move a
     * parameter by about its learning rate whatever its gradient's size, so a gradient summing to near zero (some of
     * the first convolution's biases) moves either way; and on this small batch some channels sit on a ReLU edge,
     * where a 1e-7 change in the first layer's weights moves the next step's gradient by half its size. So plain SGD,
     * and each step starts from the same parameters.
     */
    @Test
    void fitStepsLeaveTheSameParametersAndRunningStatistics() {
        var sgd = new ArchitectureOptions(42, new Sgd(0.01), null, 0);
        MultiLayerNetwork nchw = accelerated(Hw3CnnFixture.hw3Cnn(sgd));
        MultiLayerNetwork channelsLast = accelerated(Hw3CnnFixture.hw3Cnn(sgd));
        ChannelsLastTraining training = ChannelsLastTraining.of(channelsLast);
        for (int step = 0; step < 2; step++) {
            nchw.fit(BATCH);
            training.fit(BATCH);
            INDArray want = nchw.params();
            double apart = want.sub(channelsLast.params()).amaxNumber().doubleValue();
            assertTrue(apart <= 1e-4, "step " + step + ": parameters (BatchNorm's running mean and variance among them)"
                    + " differ by " + apart);
            channelsLast.setParams(want);
        }
        assertEquals(0.0, nchw.output(BATCH.getFeatures()).sub(channelsLast.output(BATCH.getFeatures()))
                .amaxNumber().doubleValue(), 1e-4);
    }

    /** The configuration as saved, less the step counter a step advances. */
    private static String saved(MultiLayerNetwork net) {
        return net.getLayerWiseConfigurations().toJson().replaceAll("\"iterationCount\" : \\d+", "");
    }

    @Test
    void theConfigurationIsRestoredAfterEveryStepEvenAFailedOne() {
        MultiLayerNetwork net = accelerated(Hw3CnnFixture.hw3Cnn());
        String before = saved(net);
        ChannelsLastTraining training = ChannelsLastTraining.of(net);
        training.fit(BATCH);
        assertEquals(before, saved(net));
        DataSet wrong = new DataSet(Nd4j.rand(2, 100), BATCH.getLabels().getRows(0, 1));
        assertThrows(RuntimeException.class, () -> training.fit(wrong));
        assertEquals(before, saved(net));
    }

    @Test
    void everyConvolutionAndPoolingStepStaysOnOneDnn() throws ReflectiveOperationException {
        MultiLayerNetwork net = accelerated(Hw3CnnFixture.hw3Cnn());
        net.fit(BATCH); // an NCHW step first: its helpers' contexts are built in NCHW
        ChannelsLastTraining training = ChannelsLastTraining.of(net);
        training.fit(BATCH);
        training.fit(BATCH);
        net.fit(BATCH);
        for (Class<?> type : new Class<?>[]{ConvolutionLayer.class, SubsamplingLayer.class}) {
            Field failures = type.getDeclaredField("helperCountFail");
            failures.setAccessible(true);
            for (var layer : net.getLayers()) {
                if (type.isInstance(layer)) {
                    assertEquals(0, failures.getInt(layer), "DL4J fell back from oneDNN in layer " + layer.getIndex());
                }
            }
        }
    }

    @Test
    void onlyNetworksItCanProveSwitch() {
        NativeRuntime.configure();
        MultiLayerNetwork dnn = new MultiLayerNetwork(new Hw3Dnn().configuration(ArchitectureOptions.defaults()));
        dnn.init();
        assertFalse(ChannelsLastTraining.of(dnn).switches(), "no feature maps");
        MultiLayerNetwork cnn = Hw3CnnFixture.hw3Cnn();
        assertTrue(cnn.getLayerWiseConfigurations().getConf(0).getLayer() instanceof FeedForwardLayer);
        assertTrue(ChannelsLastTraining.of(cnn).switches());
        assertEquals(3, ChannelsLastTraining.install(cnn), "hw3-cnn's three convolutions");
        assertEquals(3, ChannelsLastTraining.install(cnn), "installed once");
        assertTrue(ChannelsLastTraining.of(cnn).switches());
        assertTrue(ChannelsLastTraining.of(ferCnn()).switches());
    }
}
