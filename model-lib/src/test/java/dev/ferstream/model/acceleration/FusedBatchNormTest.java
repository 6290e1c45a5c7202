package dev.ferstream.model.acceleration;

import dev.ferstream.model.Hw3CnnFixture;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.lang.reflect.Field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused BatchNorm helper must compute what DL4J's oneDNN helper computes, and must be the one in use. */
class FusedBatchNormTest {
    private static double distance(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue();
    }

    /** DL4J's BatchNorm, with the accelerated network's dropout so that a seed draws the same masks in both. */
    private static MultiLayerNetwork plain() {
        MultiLayerNetwork net = ForwardCache.enable(Hw3CnnFixture.hw3Cnn());
        FastDropout.install(net);
        return net;
    }

    @Test
    void everyConvolutionalBatchNormUsesTheFusedHelper() throws Exception {
        MultiLayerNetwork net = Hw3CnnFixture.hw3Cnn();
        assertEquals(5, FusedBatchNorm.install(net), "hw3-cnn has 5 BatchNorm layers");
        assertEquals(5, FusedBatchNorm.install(net), "installing twice changes nothing");
        Field helper = BatchNormalization.class.getDeclaredField("helper");
        helper.setAccessible(true);
        assertInstanceOf(FusedBatchNormHelper.class, helper.get(net.getLayer(1)));
    }

    @Test
    void oneStepGivesTheSameLossGradientsAndRunningStatistics() {
        MultiLayerNetwork plain = plain();
        MultiLayerNetwork fused = TrainingAcceleration.apply(Hw3CnnFixture.hw3Cnn());
        GradientStep before = GradientStep.of(plain, Hw3CnnFixture.BATCH, 5);
        GradientStep after = GradientStep.of(fused, Hw3CnnFixture.BATCH, 5);
        assertEquals(before.score(), after.score(), 1e-4 * Math.abs(before.score()));
        INDArray expected = before.gradient().gradient();
        INDArray actual = after.gradient().gradient();
        double size = expected.norm2Number().doubleValue();
        assertTrue(size > 0);
        assertTrue(distance(expected, actual) < 1e-3 * size,
                "gradients differ by " + distance(expected, actual) + " of " + size);
        // The running-statistics updates come straight from the batch moments, which must agree closely.
        for (String key : new String[]{"1_mean", "1_log10stdev", "5_mean", "9_log10stdev", "16_mean"}) {
            INDArray e = before.gradient().getGradientFor(key);
            INDArray a = after.gradient().getGradientFor(key);
            assertTrue(distance(e, a) <= 1e-4 * e.norm2Number().doubleValue() + 1e-6, key + ": " + e + " vs " + a);
        }
    }

    @Test
    void threeStepsGiveTheSamePredictions() {
        MultiLayerNetwork plain = plain();
        MultiLayerNetwork fused = TrainingAcceleration.apply(Hw3CnnFixture.hw3Cnn());
        INDArray start = plain.params().dup();
        for (MultiLayerNetwork net : new MultiLayerNetwork[]{plain, fused}) {
            Nd4j.getRandom().setSeed(11);
            for (int i = 0; i < 3; i++) {
                net.fit(Hw3CnnFixture.BATCH);
            }
        }
        // Parameters are not compared one by one: Adam turns the float-level noise in gradients that are zero in
        // exact arithmetic (a dense bias right before BatchNorm) into full-size steps in either direction.
        assertTrue(distance(plain.params(), start) > 0);
        INDArray probe = Hw3CnnFixture.BATCH.getFeatures();
        INDArray expected = plain.output(probe, false);
        double apart = expected.sub(fused.output(probe, false)).amaxNumber().doubleValue();
        assertTrue(apart < 1e-3, "class probabilities differ by up to " + apart);
        assertEquals(plain.score(Hw3CnnFixture.BATCH), fused.score(Hw3CnnFixture.BATCH), 1e-3 * plain.score(Hw3CnnFixture.BATCH));
    }

    @Test
    void momentsReadViewsAtTheirOffsetAndMatchNd4j() {
        Nd4j.getRandom().setSeed(3);
        INDArray whole = Nd4j.rand(DataType.FLOAT, 6, 3, 150, 150).muli(4).subi(1); // large enough to run in parallel
        INDArray x = whole.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(x.offset() > 0, "the case needs a view with an offset");
        ChannelKernels.Moments moments = new ChannelKernels(2).moments(x, false);
        INDArray mean = x.mean(0, 2, 3);
        INDArray variance = x.var(false, 0, 2, 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(mean.getDouble(c), moments.mean()[c], 1e-5);
            assertEquals(variance.getDouble(c), moments.variance()[c], 1e-5);
        }
    }

    @Test
    void backwardMatchesLibnd4jsBatchNormGradient() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 150, 150).muli(3);
        INDArray dy = Nd4j.randn(DataType.FLOAT, 4, 3, 150, 150);
        INDArray gamma = Nd4j.createFromArray(1.1f, 0.8f, 1.4f);
        INDArray beta = Nd4j.createFromArray(0.1f, -0.2f, 0.3f);
        ChannelKernels kernels = new ChannelKernels(2);
        ChannelKernels.Moments moments = kernels.moments(x, false);
        INDArray mean = Nd4j.createFromArray(moments.meanAsFloats());
        INDArray variance = Nd4j.createFromArray(moments.varianceAsFloats());
        INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
        ChannelKernels.ParameterGradients fused = kernels.backward(x, dy, dx, mean.toFloatVector(),
                variance.toFloatVector(), gamma.toFloatVector(), 1e-5, false);

        INDArray[] expected = {Nd4j.create(DataType.FLOAT, x.shape()), Nd4j.create(DataType.FLOAT, 3),
                Nd4j.create(DataType.FLOAT, 3), Nd4j.create(DataType.FLOAT, 3), Nd4j.create(DataType.FLOAT, 3)};
        Nd4j.exec(org.nd4j.linalg.api.ops.DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(x, mean, variance, gamma, beta, dy).addIntegerArguments(1, 1, 1)
                .addFloatingPointArguments(1e-5).addOutputs(expected).build());
        assertTrue(distance(expected[0], dx) < 1e-5 * expected[0].norm2Number().doubleValue(), "dx " + distance(expected[0], dx));
        // libnd4j sums in float, the kernels in double: allow float rounding over a channel's 67,500 terms
        double tolerance = 1e-6 * dy.norm1Number().doubleValue() / 3;
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[3].getDouble(c), fused.gamma()[c], 3 * tolerance, "dgamma");
            assertEquals(expected[4].getDouble(c), fused.beta()[c], tolerance, "dbeta");
        }
    }
}
