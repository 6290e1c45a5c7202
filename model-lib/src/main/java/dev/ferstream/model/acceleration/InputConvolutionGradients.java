package dev.ferstream.model.acceleration;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weight and bias gradients of a stride-1 convolution over a one-channel NHWC input, and nothing else: the
 * network's first layer in a training step, whose input gradient nobody reads.
 *
 * <p>Why: DL4J's convolution backward pass (libnd4j's {@code conv2d_bp}) always computes the input gradient too: with
 * one input channel oneDNN pads that channel to 16 to compute it (40-60 ms on hw3-cnn's 5x5 first layer, next to ~4 ms
 * for the weights, ONEDNN_VERBOSE), and libnd4j reorders the 128x48x48x64 output gradient once for each of the two
 * passes. TensorFlow skips it. Here each output pixel's O gradient values are read once and multiplied into every
 * kernel tap it touched, {@code dW[o][kh][kw] += x[n][y+kh-pt][x+kw-pl] * delta[n][y][x][o]}, ~25 ms for hw3-cnn's
 * first layer on two threads; paired steps in one JVM went 934 -> 775 ms (hw3-cnn) and 1652 -> 1486 ms (fer-vgg).
 * Images are split into parallel ranges; each image's sums are float (a few thousand terms), added into double per
 * range, the ranges' totals merged at the end.
 */
final class InputConvolutionGradients {
    private final int parts;

    /** @param parts how many ranges of images run in parallel (1 = the calling thread only) */
    InputConvolutionGradients(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        this.parts = parts;
    }

    /** A stride-1, dilation-1 convolution's sizes: kernel, top/left padding and output size. */
    record Geometry(int kernelH, int kernelW, int padTop, int padLeft, int outH, int outW) {
    }

    /**
     * Writes dL/dW into {@code weightGrad} ([O, 1, kH, kW], C order) and dL/db into {@code biasGrad} ([1, O] or null
     * for a convolution without bias), from the input {@code x} [N, H, W, 1] and the gradient at the convolution's
     * output before its activation, {@code delta} [N, outH, outW, O], both contiguous C order.
     */
    void compute(INDArray x, INDArray delta, Geometry g, INDArray weightGrad, INDArray biasGrad) {
        long[] xs = x.shape();
        long[] ds = delta.shape();
        if (xs.length != 4 || xs[3] != 1 || ds.length != 4 || ds[0] != xs[0] || ds[1] != g.outH() || ds[2] != g.outW()
                || !RowMajor.fits(x) || !RowMajor.fits(delta) || !RowMajor.fits(weightGrad)
                || (biasGrad != null && !RowMajor.fits(biasGrad))) {
            throw new IllegalArgumentException("expected x [N, H, W, 1] and delta [N, " + g.outH() + ", " + g.outW()
                    + ", O] and gradients, all row-major, got " + Arrays.toString(xs) + " and " + Arrays.toString(ds));
        }
        Images images = new Images((int) xs[0], (int) xs[1], (int) xs[2], (int) ds[3], g);
        FloatBuffer in = ChannelKernels.floats(x);
        FloatBuffer grad = ChannelKernels.floats(delta);
        int used = Math.min(parts, images.count());
        double[][][] perPart = new double[used][][];
        IntStream.range(0, used).parallel().forEach(part -> perPart[part] = new double[][]{images.sums(in,
                (int) x.offset(), grad, (int) delta.offset(), images.count() * part / used,
                images.count() * (part + 1) / used)});
        double[] total = ChannelKernels.merged(perPart)[0];
        writeWeights(total, weightGrad, images);
        if (biasGrad != null) {
            writeBias(total, images.taps() * images.outputs(), images.outputs(), biasGrad);
        }
    }

    /** Writes the weight sums, held tap-major ({@code [kh][kw][o]}) for the inner loop, as DL4J's [O, 1, kH, kW]. */
    private static void writeWeights(double[] sums, INDArray target, Images images) {
        float[] out = new float[images.taps() * images.outputs()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sums[images.tapMajor(i)];
        }
        ChannelKernels.floats(target).put((int) target.offset(), out);
    }

    /** Writes the {@code count} bias sums that start at {@code from}. */
    private static void writeBias(double[] sums, int from, int count, INDArray target) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) sums[from + i];
        }
        ChannelKernels.floats(target).put((int) target.offset(), out);
    }

    /** N one-channel H x W images and their convolution's sizes. */
    private record Images(int count, int height, int width, int outputs, Geometry g) {
        int taps() {
            return g.kernelH() * g.kernelW();
        }

        /** Where DL4J's weight index {@code i} ([o][kh][kw]) sits among the tap-major sums ([kh][kw][o]). */
        int tapMajor(int i) {
            int o = i / taps();
            return (i % taps()) * outputs + o;
        }

        int paddedWidth() {
            return g.outW() + g.kernelW() - 1;
        }

        /** Weight sums (tap-major) then bias sums over images [first, end), in double. */
        double[] sums(FloatBuffer in, int inBase, FloatBuffer grad, int gradBase, int first, int end) {
            float[] padded = new float[(g.outH() + g.kernelH() - 1) * paddedWidth()];
            float[][] row = new float[g.outW()][outputs];
            float[][] image = new float[taps() + 1][outputs]; // one per tap (tap-major), then the bias
            double[] total = new double[(taps() + 1) * outputs];
            float[] pixels = new float[height * width];
            for (int n = first; n < end; n++) {
                in.get(inBase + n * height * width, pixels, 0, pixels.length);
                pad(pixels, padded);
                for (float[] sums : image) {
                    Arrays.fill(sums, 0f);
                }
                for (int y = 0; y < g.outH(); y++) {
                    int at = gradBase + (n * g.outH() + y) * g.outW() * outputs;
                    for (int x = 0; x < g.outW(); x++) {
                        grad.get(at + x * outputs, row[x], 0, outputs);
                    }
                    accumulateRow(padded, y, row, image);
                }
                for (int t = 0; t < image.length; t++) {
                    for (int o = 0; o < outputs; o++) {
                        total[t * outputs + o] += image[t][o];
                    }
                }
            }
            return total;
        }

        /** The image with zeros around it, so every tap of every output pixel reads inside. */
        private void pad(float[] pixels, float[] padded) {
            Arrays.fill(padded, 0f);
            int paddedWidth = paddedWidth();
            for (int y = 0; y < height; y++) {
                int py = y + g.padTop();
                if (py < 0 || py >= padded.length / paddedWidth) {
                    continue;
                }
                int from = Math.max(0, -g.padLeft());
                int to = Math.min(width, paddedWidth - g.padLeft());
                if (to > from) {
                    System.arraycopy(pixels, y * width + from, padded, py * paddedWidth + from + g.padLeft(), to - from);
                }
            }
        }

        /**
         * Adds one output row's contributions: every tap's input value times the pixel's O gradients. The taps of a
         * kernel row go through the loop over O together, up to five at a time, each pixel's gradients read once.
         */
        private void accumulateRow(float[] padded, int y, float[][] row, float[][] image) {
            float[] bias = image[taps()];
            for (int x = 0; x < g.outW(); x++) {
                float[] d = row[x];
                for (int o = 0; o < outputs; o++) {
                    bias[o] += d[o];
                }
                for (int kh = 0; kh < g.kernelH(); kh++) {
                    int p = (y + kh) * paddedWidth() + x;
                    int tap = kh * g.kernelW();
                    for (int kw = 0; kw < g.kernelW(); ) {
                        int group = g.kernelW() - kw >= 5 ? 5 : g.kernelW() - kw >= 3 ? 3 : 1;
                        Taps.add(group, padded, p + kw, image, tap + kw, d);
                        kw += group;
                    }
                }
            }
        }
    }

    /**
     * {@code image[tap + k][o] += padded[p + k] * d[o]} for k below 1, 3 or 5, in one loop over o. Why separate
     * arrays at index o: the JIT vectorises a loop whose loads and stores share their index, and does not where they
     * are offsets into one array (3x slower in a plain Java benchmark); and several taps per pass read d once.
     */
    private static final class Taps {
        private Taps() {
        }

        static void add(int group, float[] padded, int p, float[][] image, int tap, float[] d) {
            switch (group) {
                case 5 -> five(padded, p, image, tap, d);
                case 3 -> three(padded, p, image, tap, d);
                default -> one(padded[p], image[tap], d);
            }
        }

        private static void one(float v, float[] a, float[] d) {
            for (int o = 0; o < d.length; o++) {
                a[o] += v * d[o];
            }
        }

        private static void three(float[] padded, int p, float[][] image, int tap, float[] d) {
            float v0 = padded[p];
            float v1 = padded[p + 1];
            float v2 = padded[p + 2];
            float[] a0 = image[tap];
            float[] a1 = image[tap + 1];
            float[] a2 = image[tap + 2];
            for (int o = 0; o < d.length; o++) {
                float q = d[o];
                a0[o] += v0 * q;
                a1[o] += v1 * q;
                a2[o] += v2 * q;
            }
        }

        private static void five(float[] padded, int p, float[][] image, int tap, float[] d) {
            float v0 = padded[p];
            float v1 = padded[p + 1];
            float v2 = padded[p + 2];
            float v3 = padded[p + 3];
            float v4 = padded[p + 4];
            float[] a0 = image[tap];
            float[] a1 = image[tap + 1];
            float[] a2 = image[tap + 2];
            float[] a3 = image[tap + 3];
            float[] a4 = image[tap + 4];
            for (int o = 0; o < d.length; o++) {
                float q = d[o];
                a0[o] += v0 * q;
                a1[o] += v1 * q;
                a2[o] += v2 * q;
                a3[o] += v3 * q;
                a4[o] += v4 * q;
            }
        }
    }
}
