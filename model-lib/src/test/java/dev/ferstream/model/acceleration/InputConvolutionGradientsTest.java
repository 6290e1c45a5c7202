package dev.ferstream.model.acceleration;

import dev.ferstream.runtime.NativeRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first layer's weight and bias gradients against the definition, summed in double term by term. */
class InputConvolutionGradientsTest {
    @BeforeAll
    static void nativeRuntime() {
        NativeRuntime.configure();
    }

    /** dW[o][kh][kw] and db[o] by the definition, zero outside the image. */
    private static double[][] direct(INDArray x, INDArray delta, InputConvolutionGradients.Geometry g) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        int w = (int) x.size(2);
        int outputs = (int) delta.size(3);
        double[] dw = new double[outputs * g.kernelH() * g.kernelW()];
        double[] db = new double[outputs];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < g.outH(); y++) {
                for (int xx = 0; xx < g.outW(); xx++) {
                    for (int o = 0; o < outputs; o++) {
                        double d = delta.getDouble(i, y, xx, o);
                        db[o] += d;
                        for (int kh = 0; kh < g.kernelH(); kh++) {
                            for (int kw = 0; kw < g.kernelW(); kw++) {
                                int iy = y + kh - g.padTop();
                                int ix = xx + kw - g.padLeft();
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    dw[(o * g.kernelH() + kh) * g.kernelW() + kw] += d * x.getDouble(i, iy, ix, 0);
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][]{dw, db};
    }

    private static void assertMatches(int n, int h, int w, int outputs, InputConvolutionGradients.Geometry g,
                                      int parts) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, h, w, 1);
        x.slice(0).slice(1).assign(0); // a row of zero pixels: the inner loop skips them
        INDArray delta = Nd4j.randn(DataType.FLOAT, n, g.outH(), g.outW(), outputs);
        INDArray dw = Nd4j.create(DataType.FLOAT, outputs, 1, g.kernelH(), g.kernelW());
        INDArray db = Nd4j.create(DataType.FLOAT, 1, outputs);
        new InputConvolutionGradients(parts).compute(x, delta, g, dw, db);
        double[][] want = direct(x, delta, g);
        assertClose(want[0], dw.data().asDouble(), "weights");
        assertClose(want[1], db.data().asDouble(), "bias");
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * Math.max(1, Math.abs(want[i])), what + " [" + i + "]");
        }
    }

    @Test
    void samePaddingFiveByFiveAsHw3CnnsFirstLayer() {
        assertMatches(5, 9, 8, 17, new InputConvolutionGradients.Geometry(5, 5, 2, 2, 9, 8), 2);
    }

    @Test
    void samePaddingThreeByThreeOnOneThread() {
        assertMatches(3, 6, 7, 16, new InputConvolutionGradients.Geometry(3, 3, 1, 1, 6, 7), 1);
    }

    @Test
    void noPaddingAndANonSquareKernel() {
        assertMatches(4, 7, 6, 3, new InputConvolutionGradients.Geometry(3, 2, 0, 0, 5, 5), 3);
    }

    @Test
    void withoutBiasOnlyTheWeightsAreWritten() {
        var g = new InputConvolutionGradients.Geometry(3, 3, 1, 1, 4, 4);
        INDArray x = Nd4j.ones(DataType.FLOAT, 2, 4, 4, 1);
        INDArray delta = Nd4j.ones(DataType.FLOAT, 2, 4, 4, 2);
        INDArray dw = Nd4j.create(DataType.FLOAT, 2, 1, 3, 3);
        new InputConvolutionGradients(2).compute(x, delta, g, dw, null);
        // the centre tap sees every pixel (2 images x 16), a corner tap a 3x3 block of each image
        assertEquals(32.0, dw.getDouble(0, 0, 1, 1), 0.0);
        assertEquals(18.0, dw.getDouble(1, 0, 0, 0), 0.0);
    }

    @Test
    void refusesAnInputWithChannelsOrADeltaOfAnotherSize() {
        var g = new InputConvolutionGradients.Geometry(3, 3, 1, 1, 4, 4);
        var kernels = new InputConvolutionGradients(1);
        INDArray dw = Nd4j.create(DataType.FLOAT, 2, 1, 3, 3);
        var twoChannels = assertThrows(IllegalArgumentException.class, () -> kernels.compute(
                Nd4j.ones(DataType.FLOAT, 2, 4, 4, 2), Nd4j.ones(DataType.FLOAT, 2, 4, 4, 2), g, dw, null));
        assertTrue(twoChannels.getMessage().contains("[2, 4, 4, 2]"), twoChannels.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernels.compute(
                Nd4j.ones(DataType.FLOAT, 2, 4, 4, 1), Nd4j.ones(DataType.FLOAT, 2, 3, 4, 2), g, dw, null));
        assertThrows(IllegalArgumentException.class, () -> new InputConvolutionGradients(0));
    }
}
