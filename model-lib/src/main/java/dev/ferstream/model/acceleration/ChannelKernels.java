package dev.ferstream.model.acceleration;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The per-channel loops of BatchNorm over contiguous NCHW float activations, each a single pass over memory.
 *
 * <p>Why plain Java: ND4J would need a separate native op (and a temporary array) per term; these loops read each
 * activation once per pass and accumulate in double. Rows (one image's one channel) are split into {@code parts}
 * contiguous ranges run in parallel, each with its own per-channel sums, merged at the end.
 */
final class ChannelKernels {
    private static final long PARALLEL_MIN_VALUES = 1 << 18;
    private final int parts;

    /** @param parts how many ranges of rows run in parallel (1 = the calling thread only) */
    ChannelKernels(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        this.parts = parts;
    }

    /** Per-channel batch mean and (biased) variance. */
    record Moments(double[] mean, double[] variance) {
        float[] meanAsFloats() {
            return toFloats(mean);
        }

        float[] varianceAsFloats() {
            return toFloats(variance);
        }
    }

    /** dL/dgamma and dL/dbeta per channel. */
    record ParameterGradients(double[] gamma, double[] beta) {
        float[] gammaAsFloats() {
            return toFloats(gamma);
        }

        float[] betaAsFloats() {
            return toFloats(beta);
        }
    }

    /** Mean and variance of each channel of {@code x} [N, C, H, W] over N, H and W. */
    Moments moments(INDArray x) {
        Layout layout = Layout.of(x);
        FloatBuffer in = floats(x);
        int base = (int) x.offset();
        double[][] sums = channelSums(layout, (row, out) -> {
            int start = base + row * layout.rowLength;
            double sum = 0;
            double squares = 0;
            for (int i = start; i < start + layout.rowLength; i++) {
                double v = in.get(i);
                sum += v;
                squares += v * v;
            }
            out[0] = sum;
            out[1] = squares;
        });
        double[] mean = sums[0];
        double[] variance = sums[1];
        double count = layout.perChannel();
        for (int c = 0; c < layout.channels; c++) {
            mean[c] /= count;
            variance[c] = Math.max(0, variance[c] / count - mean[c] * mean[c]);
        }
        return new Moments(mean, variance);
    }

    /**
     * Writes dL/dx into {@code dx} and returns the parameter gradients, for y = gamma * (x - mean) / sqrt(var + eps)
     * + beta with the batch's own mean and variance.
     */
    ParameterGradients backward(INDArray x, INDArray dy, INDArray dx, float[] mean, float[] variance, float[] gamma,
                                double eps) {
        Layout layout = Layout.of(x);
        FloatBuffer xs = floats(x);
        FloatBuffer dys = floats(dy);
        FloatBuffer dxs = floats(dx);
        int xBase = (int) x.offset();
        int dyBase = (int) dy.offset();
        int dxBase = (int) dx.offset();
        double[][] sums = channelSums(layout, (row, out) -> {
            int xStart = xBase + row * layout.rowLength;
            int dyStart = dyBase + row * layout.rowLength;
            double sumDy = 0;
            double sumDyX = 0;
            for (int i = 0; i < layout.rowLength; i++) {
                double g = dys.get(dyStart + i);
                sumDy += g;
                sumDyX += g * xs.get(xStart + i);
            }
            out[0] = sumDy;
            out[1] = sumDyX;
        });
        double[] dBeta = sums[0];
        double[] sumDyX = sums[1];
        double[] dGamma = new double[layout.channels];
        float[] a = new float[layout.channels];
        float[] b = new float[layout.channels];
        float[] c = new float[layout.channels];
        double count = layout.perChannel();
        for (int ch = 0; ch < layout.channels; ch++) {
            double invStd = 1.0 / Math.sqrt(variance[ch] + eps);
            dGamma[ch] = invStd * (sumDyX[ch] - mean[ch] * dBeta[ch]);
            double scale = gamma[ch] * invStd;
            double slope = -scale * invStd * dGamma[ch] / count;
            a[ch] = (float) scale;
            b[ch] = (float) slope;
            c[ch] = (float) (-scale * dBeta[ch] / count);
        }
        int used = partsFor(layout);
        IntStream.range(0, used).parallel().forEach(part -> {
            for (int row = layout.firstRow(part, used); row < layout.firstRow(part + 1, used); row++) {
                int ch = row % layout.channels;
                float ra = a[ch];
                float rb = b[ch];
                float rc = c[ch];
                float rm = mean[ch];
                int offset = row * layout.rowLength;
                for (int i = 0; i < layout.rowLength; i++) {
                    // centring x first keeps the b * x term from cancelling against c in float
                    dxs.put(dxBase + offset + i,
                            ra * dys.get(dyBase + offset + i) + rb * (xs.get(xBase + offset + i) - rm) + rc);
                }
            }
        });
        return new ParameterGradients(dGamma, dBeta);
    }

    /** Small arrays (a single face's feature maps) are not worth a hand-off to another thread. */
    private int partsFor(Layout layout) {
        return (long) layout.rows * layout.rowLength >= PARALLEL_MIN_VALUES ? parts : 1;
    }

    /** Rows of an NCHW array: N * C rows of H * W values, channel = row % C. */
    private record Layout(int rows, int channels, int rowLength) {
        static Layout of(INDArray x) {
            long[] shape = x.shape();
            if (shape.length != 4 || x.ordering() != 'c' || x.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("expected a contiguous NCHW array, got shape "
                        + java.util.Arrays.toString(shape) + " order " + x.ordering());
            }
            return new Layout((int) (shape[0] * shape[1]), (int) shape[1], (int) (shape[2] * shape[3]));
        }

        int firstRow(int part, int parts) {
            return (int) ((long) rows * part / parts);
        }

        double perChannel() {
            return (double) rows / channels * rowLength;
        }
    }

    private static FloatBuffer floats(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Two sums over one row's values, written to {@code out[0]} and {@code out[1]}. */
    private interface RowSums {
        void sum(int row, double[] out);
    }

    /** Per-channel totals of both row sums, the rows split into parallel ranges with their own totals. */
    private double[][] channelSums(Layout layout, RowSums rowSums) {
        int used = partsFor(layout);
        double[][][] perPart = new double[used][][];
        IntStream.range(0, used).parallel().forEach(part -> {
            double[][] totals = new double[2][layout.channels];
            double[] row = new double[2];
            for (int r = layout.firstRow(part, used); r < layout.firstRow(part + 1, used); r++) {
                rowSums.sum(r, row);
                totals[0][r % layout.channels] += row[0];
                totals[1][r % layout.channels] += row[1];
            }
            perPart[part] = totals;
        });
        double[][] totals = perPart[0];
        for (int p = 1; p < used; p++) {
            for (int k = 0; k < 2; k++) {
                for (int c = 0; c < layout.channels; c++) {
                    totals[k][c] += perPart[p][k][c];
                }
            }
        }
        return totals;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
