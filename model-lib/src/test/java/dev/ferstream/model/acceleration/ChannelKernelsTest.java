package dev.ferstream.model.acceleration;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The row sums with four accumulators (of two rows, and of one row with itself) against one plain loop, on every length from 0 to 13 (each remainder of the
 * four-wide body), the kernels on rows whose length is not a multiple of four (fer-vgg's 3x3 maps) against ND4J, and the
 * NHWC kernels against the NCHW ones on the same values.
 */
class ChannelKernelsTest {
    @Test
    void rowSumsEqualOnePlainLoopForEveryRemainder() {
        Random random = new Random(7);
        for (int n = 0; n <= 13; n++) {
            float[] g = new float[n];
            float[] x = new float[n];
            double sum = 0, squares = 0, sumG = 0, dot = 0;
            for (int i = 0; i < n; i++) {
                g[i] = (float) random.nextGaussian();
                x[i] = (float) random.nextGaussian();
                sum += x[i];
                squares += (double) x[i] * x[i];
                sumG += g[i];
                dot += (double) g[i] * x[i];
            }
            double[] out = new double[2];
            ChannelKernels.sumAndDot(x, x, n, out);
            assertArrayEquals(new double[]{sum, squares}, out, 1e-12, "sum and squares, length " + n);
            ChannelKernels.sumAndDot(g, x, n, out);
            assertArrayEquals(new double[]{sumG, dot}, out, 1e-12, "sum and dot, length " + n);
        }
    }

    @Test
    void momentsAndInputGradientOnOddRowsMatchNd4j() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4, 3, 3).muli(2).subi(0.5);
        INDArray dy = Nd4j.randn(DataType.FLOAT, 5, 4, 3, 3);
        ChannelKernels kernels = new ChannelKernels(2);
        ChannelKernels.Moments moments = kernels.moments(x, false);
        INDArray mean = x.mean(0, 2, 3);
        INDArray variance = x.var(false, 0, 2, 3);
        for (int c = 0; c < 4; c++) {
            assertEquals(mean.getDouble(c), moments.mean()[c], 1e-6, "mean of channel " + c);
            assertEquals(variance.getDouble(c), moments.variance()[c], 1e-6, "variance of channel " + c);
        }
        float[] gamma = {1.5f, -0.5f, 2f, 0.25f};
        double eps = 1e-5;
        INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
        ChannelKernels.ParameterGradients grads = kernels.backward(x, dy, dx, moments.meanAsFloats(),
                moments.varianceAsFloats(), gamma, eps, false);
        // the textbook form: dx = gamma / std * (dy - mean(dy) - xhat * mean(dy * xhat)), per channel
        for (int c = 0; c < 4; c++) {
            INDArray xc = x.get(all(), point(c));
            INDArray gc = dy.get(all(), point(c));
            double std = Math.sqrt(variance.getDouble(c) + eps);
            INDArray xhat = xc.sub(mean.getDouble(c)).divi(std);
            assertEquals(gc.sumNumber().doubleValue(), grads.beta()[c], 1e-4, "dbeta of channel " + c);
            assertEquals(gc.mul(xhat).sumNumber().doubleValue(), grads.gamma()[c], 1e-4, "dgamma of channel " + c);
            INDArray expected = gc.sub(gc.meanNumber()).subi(xhat.mul(gc.mul(xhat).meanNumber())).muli(gamma[c] / std);
            INDArray actual = dx.get(all(), point(c));
            assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-4, "dx of channel " + c);
        }
    }

    @Test
    void channelsLastKernelsEqualTheNchwOnesOnTheSameValues() {
        Nd4j.getRandom().setSeed(12);
        // 53,792 pixels of 5 channels (268,960 values): two parallel parts, blocks of 1,638 whole pixels, partial last
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 5, 82, 82).muli(3).subi(1);
        INDArray dy = Nd4j.randn(DataType.FLOAT, 8, 5, 82, 82);
        INDArray xLast = x.permute(0, 2, 3, 1).dup('c');
        INDArray dyLast = dy.permute(0, 2, 3, 1).dup('c');
        ChannelKernels kernels = new ChannelKernels(2);
        ChannelKernels.Moments first = kernels.moments(x, false);
        ChannelKernels.Moments last = kernels.moments(xLast, true);
        assertArrayEquals(first.mean(), last.mean(), 1e-7);
        assertArrayEquals(first.variance(), last.variance(), 1e-7);
        float[] gamma = {1.5f, -0.5f, 2f, 0.25f, 1f};
        INDArray dx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray dxLast = Nd4j.create(DataType.FLOAT, xLast.shape());
        ChannelKernels.ParameterGradients want = kernels.backward(x, dy, dx, first.meanAsFloats(),
                first.varianceAsFloats(), gamma, 1e-3, false);
        ChannelKernels.ParameterGradients got = kernels.backward(xLast, dyLast, dxLast, first.meanAsFloats(),
                first.varianceAsFloats(), gamma, 1e-3, true);
        // the NHWC sums add float products in float for a few blocks at a time (vectorised), the NCHW ones in double
        assertArrayEquals(want.gamma(), got.gamma(), 1e-6 * Arrays.stream(want.gamma()).map(Math::abs).max().orElse(1));
        assertArrayEquals(want.beta(), got.beta(), 1e-6 * Arrays.stream(want.beta()).map(Math::abs).max().orElse(1));
        assertEquals(0, dx.permute(0, 2, 3, 1).sub(dxLast).amaxNumber().doubleValue(), 1e-6);
        assertArrayEquals(last.variance(), ChannelsLastKernels.moments(xLast, 1).variance(), 1e-9, "one part");
    }
}
