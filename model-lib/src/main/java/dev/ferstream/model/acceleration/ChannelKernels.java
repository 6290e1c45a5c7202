package dev.ferstream.model.acceleration;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The per-channel loops of BatchNorm over contiguous NCHW float activations, each a single pass over memory (NHWC
 * ones go to {@link ChannelsLastKernels}).
 *
 * <p>Why plain Java: ND4J would need a separate native op (and a temporary array) per term; these loops read each
 * activation once per pass and accumulate in double. Rows (one image's one channel) are split into {@code parts}
 * contiguous ranges run in parallel, each with its own per-channel sums, merged at the end.
 *
 * <p>Why rows are copied out: each row comes out of the native buffer in one bulk get into a plain array, and the
 * sums keep four independent accumulators. Read value by value through the buffer, with one chain of double adds,
 * these loops were 5.7% of a hw3-cnn training step (perf): the JIT neither vectorises buffer accesses nor reorders a
 * floating-point sum, so each add waited for the one before.
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
        /** From per-channel sums and sums of squares ({@code sums[0]}, {@code sums[1]}) over {@code count} values. */
        static Moments fromSums(double[][] sums, double count) {
            double[] mean = sums[0];
            double[] variance = sums[1];
            for (int c = 0; c < mean.length; c++) {
                mean[c] /= count;
                variance[c] = Math.max(0, variance[c] / count - mean[c] * mean[c]);
            }
            return new Moments(mean, variance);
        }

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

    /**
     * Mean and variance of each channel of {@code x} over N, H and W: {@code x} is [N, C, H, W], or [N, H, W, C] when
     * {@code channelsLast}.
     */
    Moments moments(INDArray x, boolean channelsLast) {
        if (channelsLast) {
            return ChannelsLastKernels.moments(x, parts);
        }
        Layout layout = Layout.of(x);
        FloatBuffer in = floats(x);
        int base = (int) x.offset();
        double[][] sums = channelSums(layout, (row, scratch, out) -> {
            in.get(base + row * layout.rowLength, scratch.first(), 0, layout.rowLength);
            sumAndDot(scratch.first(), scratch.first(), layout.rowLength, out); // sum and sum of squares
        });
        return Moments.fromSums(sums, layout.perChannel());
    }

    /**
     * Writes dL/dx into {@code dx} and returns the parameter gradients, for y = gamma * (x - mean) / sqrt(var + eps)
     * + beta with the batch's own mean and variance; {@code x}, {@code dy} and {@code dx} are [N, C, H, W], or
     * [N, H, W, C] when {@code channelsLast}.
     */
    ParameterGradients backward(INDArray x, INDArray dy, INDArray dx, float[] mean, float[] variance, float[] gamma,
                                double eps, boolean channelsLast) {
        if (channelsLast) {
            return ChannelsLastKernels.backward(x, dy, dx, mean, variance, gamma, eps, parts);
        }
        Layout layout = Layout.of(x);
        FloatBuffer xs = floats(x);
        FloatBuffer dys = floats(dy);
        FloatBuffer dxs = floats(dx);
        int xBase = (int) x.offset();
        int dyBase = (int) dy.offset();
        int dxBase = (int) dx.offset();
        double[][] sums = channelSums(layout, (row, scratch, out) -> {
            dys.get(dyBase + row * layout.rowLength, scratch.first(), 0, layout.rowLength);
            xs.get(xBase + row * layout.rowLength, scratch.second(), 0, layout.rowLength);
            sumAndDot(scratch.first(), scratch.second(), layout.rowLength, out);
        });
        Coefficients k = Coefficients.of(sums[0], sums[1], mean, variance, gamma, eps, layout.perChannel());
        float[] a = k.a();
        float[] b = k.b();
        float[] c = k.c();
        int used = partsFor(layout);
        IntStream.range(0, used).parallel().forEach(part -> {
            RowScratch scratch = RowScratch.of(layout.rowLength);
            float[] g = scratch.first();
            float[] v = scratch.second();
            for (int row = layout.firstRow(part, used); row < layout.firstRow(part + 1, used); row++) {
                int ch = row % layout.channels;
                float ra = a[ch];
                float rb = b[ch];
                float rc = c[ch];
                float rm = mean[ch];
                int offset = row * layout.rowLength;
                dys.get(dyBase + offset, g, 0, layout.rowLength);
                xs.get(xBase + offset, v, 0, layout.rowLength);
                for (int i = 0; i < layout.rowLength; i++) {
                    // centring x first keeps the b * x term from cancelling against c in float
                    g[i] = ra * g[i] + rb * (v[i] - rm) + rc;
                }
                dxs.put(dxBase + offset, g, 0, layout.rowLength);
            }
        });
        return new ParameterGradients(k.dGamma(), sums[0]);
    }

    /**
     * The backward pass's per-channel terms from its two sums: dL/dgamma, and a, b, c of
     * {@code dx = a * dy + b * (x - mean) + c}.
     */
    record Coefficients(float[] a, float[] b, float[] c, double[] dGamma) {
        static Coefficients of(double[] dBeta, double[] sumDyX, float[] mean, float[] variance, float[] gamma,
                               double eps, double count) {
            int channels = dBeta.length;
            double[] dGamma = new double[channels];
            float[] a = new float[channels];
            float[] b = new float[channels];
            float[] c = new float[channels];
            for (int ch = 0; ch < channels; ch++) {
                double invStd = 1.0 / Math.sqrt(variance[ch] + eps);
                dGamma[ch] = invStd * (sumDyX[ch] - mean[ch] * dBeta[ch]);
                double scale = gamma[ch] * invStd;
                a[ch] = (float) scale;
                b[ch] = (float) (-scale * invStd * dGamma[ch] / count);
                c[ch] = (float) (-scale * dBeta[ch] / count);
            }
            return new Coefficients(a, b, c, dGamma);
        }
    }

    /** Small arrays (a single face's feature maps) are not worth a hand-off to another thread. */
    private int partsFor(Layout layout) {
        return (long) layout.rows * layout.rowLength >= PARALLEL_MIN_VALUES ? parts : 1;
    }

    /** Rows of an NCHW array: N * C rows of H * W values, channel = row % C. */
    private record Layout(int rows, int channels, int rowLength) {
        static Layout of(INDArray x) {
            long[] shape = x.shape();
            if (shape.length != 4 || !RowMajor.fits(x)) {
                throw new IllegalArgumentException("expected a row-major NCHW array, got shape "
                        + java.util.Arrays.toString(shape) + " strides " + java.util.Arrays.toString(x.stride()));
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

    static FloatBuffer floats(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Two sums over one row's values, written to {@code out[0]} and {@code out[1]}. */
    private interface RowSums {
        void sum(int row, RowScratch scratch, double[] out);
    }

    /** Two row-long arrays for one parallel range of rows, to copy rows out of the native buffers into. */
    private record RowScratch(float[] first, float[] second) {
        static RowScratch of(int rowLength) {
            return new RowScratch(new float[rowLength], new float[rowLength]);
        }
    }

    /**
     * Sum of {@code g[0..n)} and of {@code g[i] * x[i]} into {@code out[0]}, {@code out[1]}: four chains each, in
     * double. With {@code x == g}: the sum and the sum of squares.
     */
    static void sumAndDot(float[] g, float[] x, int n, double[] out) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double a = g[i], b = g[i + 1], c = g[i + 2], d = g[i + 3];
            s0 += a;
            s1 += b;
            s2 += c;
            s3 += d;
            d0 += a * x[i];
            d1 += b * x[i + 1];
            d2 += c * x[i + 2];
            d3 += d * x[i + 3];
        }
        for (; i < n; i++) {
            s0 += g[i];
            d0 += (double) g[i] * x[i];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (d0 + d1) + (d2 + d3);
    }

    /** Per-channel totals of both row sums, the rows split into parallel ranges with their own totals. */
    private double[][] channelSums(Layout layout, RowSums rowSums) {
        int used = partsFor(layout);
        double[][][] perPart = new double[used][][];
        IntStream.range(0, used).parallel().forEach(part -> {
            double[][] totals = new double[2][layout.channels];
            double[] row = new double[2];
            RowScratch scratch = RowScratch.of(layout.rowLength);
            for (int r = layout.firstRow(part, used); r < layout.firstRow(part + 1, used); r++) {
                rowSums.sum(r, scratch, row);
                totals[0][r % layout.channels] += row[0];
                totals[1][r % layout.channels] += row[1];
            }
            perPart[part] = totals;
        });
        return merged(perPart);
    }

    /** The parallel parts' per-channel sums ({@code [part][sum][channel]}) added into the first part's arrays. */
    static double[][] merged(double[][][] perPart) {
        double[][] totals = perPart[0];
        for (int p = 1; p < perPart.length; p++) {
            for (int k = 0; k < totals.length; k++) {
                for (int c = 0; c < totals[k].length; c++) {
                    totals[k][c] += perPart[p][k][c];
                }
            }
        }
        return totals;
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
