package dev.ferstream.explain;

import dev.ferstream.model.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Gradient ascent on the input: for each of the first filters of a convolution layer, the 48x48 image (values in
 * [0, 1], like scaled pixels) that maximises the filter's mean activation, starting from a seeded noise image.
 *
 * <p>All filters run as one batch (image k maximises filter k) on a truncated {@link InferenceCopy} that ends with
 * the layer's block output, so each step is one forward and one input-only backward pass. Each step moves every
 * image by {@code step} times its gradient divided by the gradient's RMS (scale-free), then clips to [0, 1].
 * Not thread-safe.
 */
public final class FilterAscent {
    private final MultiLayerNetwork copy;
    private final InputBackprop backprop;
    private final ConvLayer layer;

    /** The per-filter outcome: images and the mean activation of filter k on image k before and after. */
    public record Result(ConvLayer layer, FeatureMaps images, double[] initialActivation, double[] finalActivation) {
    }

    public FilterAscent(MultiLayerNetwork trained, ConvLayer layer) {
        this.layer = layer;
        this.copy = InferenceCopy.upTo(trained, layer.index()).network();
        this.backprop = new InputBackprop(copy);
    }

    public Result run(int filters, int iterations, double step, long seed) {
        int n = Math.min(filters, layer.filters());
        DataType type = copy.params().dataType();
        Random random = new Random(seed);
        double[] noise = new double[n * Architecture.PIXELS];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextDouble(); // uniform noise: strong local contrast wakes up filters a flat grey leaves at 0
        }
        INDArray images = Nd4j.create(noise, new long[]{n, Architecture.PIXELS}, 'c').castTo(type);
        INDArray epsilon = null;
        double[] initial = null;
        for (int it = 0; it < iterations; it++) {
            if (epsilon == null) {
                INDArray out = copy.output(images, false);
                epsilon = objectiveEpsilon(out.shape(), n, type);
                initial = meanActivations(out, n);
            }
            INDArray gradient = backprop.gradient(images, epsilon);
            INDArray rms = Transforms.sqrt(gradient.mul(gradient).mean(1), false).addi(1e-12).reshape(n, 1);
            images.addi(gradient.diviColumnVector(rms).muli(step));
            Transforms.max(images, 0.0, false);
            Transforms.min(images, 1.0, false);
        }
        INDArray out = copy.output(images, false);
        if (initial == null) {
            initial = meanActivations(out, n);
        }
        double[] last = meanActivations(out, n);
        float[] pixels = Flat.floats(images);
        List<float[]> maps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            maps.add(java.util.Arrays.copyOfRange(pixels, k * Architecture.PIXELS, (k + 1) * Architecture.PIXELS));
        }
        return new Result(layer, new FeatureMaps(Architecture.SIDE, Architecture.SIDE, maps), initial, last);
    }

    /** d(mean over positions of channel k of image k) / d output: 1/(H*W) on that channel, 0 elsewhere. */
    private static INDArray objectiveEpsilon(long[] shape, int n, DataType type) {
        int channels = (int) shape[1];
        int area = (int) (shape[2] * shape[3]);
        double[] eps = new double[n * channels * area];
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(eps, (k * channels + k) * area, (k * channels + k + 1) * area, 1.0 / area);
        }
        return Nd4j.create(eps, shape, 'c').castTo(type);
    }

    private static double[] meanActivations(INDArray out, int n) {
        int channels = (int) out.size(1);
        int area = (int) (out.size(2) * out.size(3));
        float[] all = Flat.floats(out);
        double[] means = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int p = (k * channels + k) * area, end = p + area; p < end; p++) {
                sum += all[p];
            }
            means[k] = sum / area;
        }
        return means;
    }
}
