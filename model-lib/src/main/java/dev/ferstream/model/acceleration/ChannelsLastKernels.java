package dev.ferstream.model.acceleration;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * {@link ChannelKernels}' BatchNorm loops for contiguous NHWC float activations, which channels-last training
 * ({@link ChannelsLastTraining}) gives BatchNorm.
 *
 * <p>In NHWC a pixel's C channel values are adjacent, so each pass reads blocks of whole pixels in one bulk get. Every
 * loop then runs over a whole block at one index: sums go into block-sized float arrays ({@link TiledSums}: value i
 * of every block lands on element i, so element i holds channel i mod C), folded into per-channel doubles every few
 * blocks; the backward pass's per-channel coefficients are laid out the same way once per call. Why: the JIT
 * vectorises a loop whose arrays share its index, and not one that mixes {@code g[p + c]} with {@code sum[c]} (5-7x
 * slower in a plain Java benchmark, 18.9M values), nor float-to-double conversions. hw3-cnn's three BatchNorms at
 * batch 128, statistics and backward pass: 83 -> ~37 ms a step (scratch harness, old and new class side by side). The
 * price: products are rounded to float and summed in float for up to {@value #BLOCKS_PER_FOLD} blocks (as oneDNN
 * does throughout), so the parameter gradients differ from the NCHW loops' double sums in the 8th digit. Pixels are
 * split into parallel ranges with their own sums, merged at the end, as in {@link ChannelKernels}.
 */
final class ChannelsLastKernels {
    /** Values copied out of the native buffer per bulk get (whole pixels). */
    private static final int BLOCK_VALUES = 1 << 13;
    /** Blocks summed in float before the sums go into double: each float sum holds at most this many terms. */
    private static final int BLOCKS_PER_FOLD = 8;
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
            out.add(scratch[0], scratch[0], count * pixels.channels);
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
            out.add(scratch[0], scratch[1], count * channels);
        });
        ChannelKernels.Coefficients k = ChannelKernels.Coefficients.of(sums[0], sums[1], mean, variance, gamma, eps,
                pixels.count);
        int blockValues = pixels.perBlock() * channels;
        float[] a = tiled(k.a(), blockValues);
        float[] b = tiled(k.b(), blockValues);
        float[] c = tiled(k.c(), blockValues);
        float[] m = tiled(mean, blockValues);
        forEachBlock(pixels, parts, (first, count, scratch) -> {
            float[] g = scratch[0];
            float[] v = scratch[1];
            int values = count * channels;
            dys.get(dyBase + first * channels, g, 0, values);
            xs.get(xBase + first * channels, v, 0, values);
            for (int i = 0; i < values; i++) {
                // centring x first keeps the b * x term from cancelling against c in float
                g[i] = a[i] * g[i] + b[i] * (v[i] - m[i]) + c[i];
            }
            dxs.put(dxBase + first * channels, g, 0, values);
        });
        return new ChannelKernels.ParameterGradients(k.dGamma(), sums[0]);
    }

    /** {@code perChannel} repeated to fill {@code values} (a whole number of pixels): element i is channel i mod C. */
    private static float[] tiled(float[] perChannel, int values) {
        float[] out = new float[values];
        for (int i = 0; i < values; i += perChannel.length) {
            System.arraycopy(perChannel, 0, out, i, perChannel.length);
        }
        return out;
    }

    /**
     * One parallel range's two per-channel sums, of {@code g} and of {@code g * x}: summed in block-sized float arrays
     * at the block's own index, folded into per-channel doubles every {@value #BLOCKS_PER_FOLD} blocks and at the end.
     */
    private static final class TiledSums {
        private final int channels;
        private final float[] sum;
        private final float[] dot;
        private final double[][] totals;
        private int pending;

        TiledSums(int channels, int blockValues) {
            this.channels = channels;
            this.sum = new float[blockValues];
            this.dot = new float[blockValues];
            this.totals = new double[2][channels];
        }

        /** Adds the first {@code values} of {@code g} and of {@code g * x} (whole pixels). */
        void add(float[] g, float[] x, int values) {
            for (int i = 0; i < values; i++) {
                float value = g[i];
                sum[i] += value;
                dot[i] += value * x[i];
            }
            if (++pending == BLOCKS_PER_FOLD) {
                fold();
            }
        }

        /** The per-channel sums so far: {@code [0]} of g, {@code [1]} of g * x. */
        double[][] totals() {
            fold();
            return totals;
        }

        private void fold() {
            double[] sums = totals[0];
            double[] dots = totals[1];
            for (int p = 0; p < sum.length; p += channels) { // pixel by pixel: no division per value
                for (int c = 0; c < channels; c++) {
                    sums[c] += sum[p + c];
                    dots[c] += dot[p + c];
                }
            }
            Arrays.fill(sum, 0f);
            Arrays.fill(dot, 0f);
            pending = 0;
        }
    }

    /** One block of whole pixels, {@code first} and {@code count} in pixels, with two scratch arrays to copy into. */
    private interface Block {
        void run(int first, int count, float[][] scratch);
    }

    /** A block's two per-channel sums, added into {@code out}. */
    private interface BlockSums {
        void add(int first, int count, float[][] scratch, TiledSums out);
    }

    private static double[][] sums(Pixels pixels, int parts, BlockSums blockSums) {
        int used = pixels.parts(parts);
        double[][][] perPart = new double[used][][];
        IntStream.range(0, used).parallel().forEach(part -> {
            TiledSums sums = new TiledSums(pixels.channels, pixels.perBlock() * pixels.channels);
            blocks(pixels, part, used, (first, count, scratch) -> blockSums.add(first, count, scratch, sums));
            perPart[part] = sums.totals();
        });
        return ChannelKernels.merged(perPart);
    }

    private static void forEachBlock(Pixels pixels, int parts, Block block) {
        int used = pixels.parts(parts);
        IntStream.range(0, used).parallel().forEach(part -> blocks(pixels, part, used, block));
    }

    /** Runs {@code block} over part {@code part} of {@code used} of the pixels, a block of whole pixels at a time. */
    private static void blocks(Pixels pixels, int part, int used, Block block) {
        int perBlock = pixels.perBlock();
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
            if (shape.length != 4 || !RowMajor.fits(x)) {
                throw new IllegalArgumentException("expected a row-major NHWC array, got shape "
                        + Arrays.toString(shape) + " strides " + Arrays.toString(x.stride()));
            }
            return new Pixels((int) (shape[0] * shape[1] * shape[2]), (int) shape[3]);
        }

        /** Whole pixels per block. */
        int perBlock() {
            return Math.max(1, BLOCK_VALUES / channels);
        }

        int parts(int parts) {
            return (long) count * channels >= PARALLEL_MIN_VALUES ? parts : 1;
        }

        int firstPixel(int part, int parts) {
            return (int) ((long) count * part / parts);
        }
    }
}
