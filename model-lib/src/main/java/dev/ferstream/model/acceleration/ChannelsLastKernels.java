package dev.ferstream.model.acceleration;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * {@link ChannelKernels}' BatchNorm loops for contiguous NHWC float activations, which channels-last training
 * ({@link ChannelsLastTraining}) gives BatchNorm.
 *
 * <p>In NHWC a pixel's C channel values are adjacent, so each pass reads blocks of whole pixels in one bulk get and runs
 * its inner loop over the channels, where the per-channel sums are separate array elements the JIT vectorises (no
 * chain of dependent adds to break up, unlike NCHW's per-row sums). Pixels are split into parallel ranges with their
 * own sums in double, merged at the end, as in {@link ChannelKernels}.
 */
final class ChannelsLastKernels {
    /** Values copied out of the native buffer per bulk get (whole pixels). */
    private static final int BLOCK_VALUES = 1 << 13;
    private static final long PARALLEL_MIN_VALUES = 1 << 18;

    private ChannelsLastKernels() {
    }

    /** Per-channel mean and biased variance of {@code x} [N, H, W, C] over N, H and W. */
    static ChannelKernels.Moments moments(INDArray x, int parts) {
        Pixels pixels = Pixels.of(x);
        FloatBuffer in = ChannelKernels.floats(x);
        int base = (int) x.offset();
        double[][] sums = sums(pixels, parts, (first, count, scratch, out) -> {
            in.get(base + first * pixels.channels, scratch[0], 0, count * pixels.channels);
            sumAndDot(scratch[0], scratch[0], count, pixels.channels, out);
        });
        return ChannelKernels.Moments.fromSums(sums, pixels.count);
    }

    /** {@link ChannelKernels#backward} for [N, H, W, C] arrays: writes dL/dx into {@code dx}. */
    static ChannelKernels.ParameterGradients backward(INDArray x, INDArray dy, INDArray dx, float[] mean,
                                                      float[] variance, float[] gamma, double eps, int parts) {
        Pixels pixels = Pixels.of(x);
        FloatBuffer xs = ChannelKernels.floats(x);
        FloatBuffer dys = ChannelKernels.floats(dy);
        FloatBuffer dxs = ChannelKernels.floats(dx);
        int xBase = (int) x.offset();
        int dyBase = (int) dy.offset();
        int dxBase = (int) dx.offset();
        int channels = pixels.channels;
        double[][] sums = sums(pixels, parts, (first, count, scratch, out) -> {
            dys.get(dyBase + first * channels, scratch[0], 0, count * channels);
            xs.get(xBase + first * channels, scratch[1], 0, count * channels);
            sumAndDot(scratch[0], scratch[1], count, channels, out);
        });
        ChannelKernels.Coefficients k = ChannelKernels.Coefficients.of(sums[0], sums[1], mean, variance, gamma, eps,
                pixels.count);
        float[] a = k.a();
        float[] b = k.b();
        float[] c = k.c();
        forEachBlock(pixels, parts, (first, count, scratch) -> {
            float[] g = scratch[0];
            float[] v = scratch[1];
            int values = count * channels;
            dys.get(dyBase + first * channels, g, 0, values);
            xs.get(xBase + first * channels, v, 0, values);
            for (int p = 0; p < values; p += channels) {
                for (int ch = 0; ch < channels; ch++) {
                    // centring x first keeps the b * x term from cancelling against c in float
                    g[p + ch] = a[ch] * g[p + ch] + b[ch] * (v[p + ch] - mean[ch]) + c[ch];
                }
            }
            dxs.put(dxBase + first * channels, g, 0, values);
        });
        return new ChannelKernels.ParameterGradients(k.dGamma(), sums[0]);
    }

    /** Adds, per channel, the sum of {@code g} and of {@code g * x} over {@code count} pixels into {@code out}. */
    static void sumAndDot(float[] g, float[] x, int count, int channels, double[][] out) {
        double[] sum = out[0];
        double[] dot = out[1];
        for (int p = 0; p < count * channels; p += channels) {
            for (int c = 0; c < channels; c++) {
                double value = g[p + c];
                sum[c] += value;
                dot[c] += value * x[p + c];
            }
        }
    }

    /** One block of whole pixels, {@code first} and {@code count} in pixels, with two scratch arrays to copy into. */
    private interface Block {
        void run(int first, int count, float[][] scratch);
    }

    /** A block's two per-channel sums, added into {@code out[0]} and {@code out[1]}. */
    private interface BlockSums {
        void add(int first, int count, float[][] scratch, double[][] out);
    }

    private static double[][] sums(Pixels pixels, int parts, BlockSums blockSums) {
        int used = pixels.parts(parts);
        double[][][] perPart = new double[used][][];
        IntStream.range(0, used).parallel().forEach(part -> {
            double[][] totals = new double[2][pixels.channels];
            blocks(pixels, part, used, (first, count, scratch) -> blockSums.add(first, count, scratch, totals));
            perPart[part] = totals;
        });
        return ChannelKernels.merged(perPart);
    }

    private static void forEachBlock(Pixels pixels, int parts, Block block) {
        int used = pixels.parts(parts);
        IntStream.range(0, used).parallel().forEach(part -> blocks(pixels, part, used, block));
    }

    /** Runs {@code block} over part {@code part} of {@code used} of the pixels, a block of whole pixels at a time. */
    private static void blocks(Pixels pixels, int part, int used, Block block) {
        int perBlock = Math.max(1, BLOCK_VALUES / pixels.channels);
        float[][] scratch = {new float[perBlock * pixels.channels], new float[perBlock * pixels.channels]};
        int end = pixels.firstPixel(part + 1, used);
        for (int first = pixels.firstPixel(part, used); first < end; first += perBlock) {
            block.run(first, Math.min(perBlock, end - first), scratch);
        }
    }

    /** An NHWC array as N * H * W pixels of C values. */
    private record Pixels(int count, int channels) {
        static Pixels of(INDArray x) {
            long[] shape = x.shape();
            if (shape.length != 4 || x.ordering() != 'c' || x.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("expected a contiguous NHWC array, got shape "
                        + Arrays.toString(shape) + " order " + x.ordering());
            }
            return new Pixels((int) (shape[0] * shape[1] * shape[2]), (int) shape[3]);
        }

        int parts(int parts) {
            return (long) count * channels >= PARALLEL_MIN_VALUES ? parts : 1;
        }

        int firstPixel(int part, int parts) {
            return (int) ((long) count * part / parts);
        }
    }
}
