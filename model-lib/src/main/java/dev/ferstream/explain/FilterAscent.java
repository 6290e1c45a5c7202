package dev.ferstream.explain;

import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Gradient ascent on the input: for each of the first filters of a convolution layer, the 48x48 image (values in
 * [0, 1], like scaled pixels) that maximises the filter's mean block output (after the BatchNorm layers directly
 * following it, as {@link LayerActivations} shows it), starting from a seeded noise image.
 *
 * <p>All filters run as one batch, image k maximising filter k: the layers before the target run as a truncated
 * {@link InferenceCopy} (one forward and one input-only backward pass per step), and the target layer itself only as
 * image k through filter k ({@link SingleFilterConv}), which removes most of the work for the first layers. Each
 * step moves every image by {@code step} times its gradient divided by the gradient's RMS (scale-free), then clips
 * to [0, 1]. Not thread-safe.
 */
public final class FilterAscent {
    /**
     * Steps between explicit collections. ND4J frees an array's native buffer only when the JVM collects the array,
     * and a step allocates hundreds of MB natively but little on the Java heap, so without this the young generation
     * rarely fills: RSS grew past 12 GB during fer-cnn's analysis.
     */
    private static final int GC_EVERY = 10;

    private final MultiLayerNetwork trained;
    private final ConvLayer layer;
    /** The layers before the target (null for the first layer) and their input gradients. */
    private final InputBackprop before;

    /** The per-filter outcome: images and the mean activation of filter k on image k before and after. */
    public record Result(ConvLayer layer, FeatureMaps images, double[] initialActivation, double[] finalActivation) {
    }

    public FilterAscent(MultiLayerNetwork trained, ConvLayer layer) {
        this.trained = trained;
        this.layer = layer;
        this.before = layer.index() == 0 ? null
                : new InputBackprop(InferenceCopy.upTo(trained, layer.index() - 1).network());
    }

    public Result run(int filters, int iterations, double step, long seed) {
        return run(filters, iterations, step, seed, done -> { });
    }

    /** As {@link #run(int, int, double, long)}, telling {@code progress} the iterations done after each one. */
    public Result run(int filters, int iterations, double step, long seed, IntConsumer progress) {
        int n = Math.min(filters, layer.filters());
        SingleFilterConv target = new SingleFilterConv(trained, layer, n);
        DataType type = trained.params().dataType();
        Random random = new Random(seed);
        double[] noise = new double[n * Architecture.PIXELS];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextDouble(); // uniform noise: strong local contrast wakes up filters a flat grey leaves at 0
        }
        INDArray images = Nd4j.create(noise, new long[]{n, Architecture.PIXELS}, 'c').castTo(type);
        INDArray epsilon = null;
        double[] initial = null;
        for (int it = 0; it < iterations; it++) {
            List<INDArray> pass = before == null ? null : before.forward(images);
            SingleFilterConv.Pass out = target.forward(layerInput(target, images, pass));
            if (epsilon == null) {
                long area = out.output().size(1);
                epsilon = Nd4j.valueArrayOf(out.output().shape(), 1.0 / area, type); // d mean / d output
                initial = meanPerImage(out.output());
            }
            INDArray mapsGradient = target.inputGradient(out, epsilon);
            INDArray gradient = before == null ? mapsGradient.reshape(n, Architecture.PIXELS)
                    : before.backward(images, pass, mapsGradient);
            INDArray rms = Transforms.sqrt(gradient.mul(gradient).mean(1), false).addi(1e-12).reshape(n, 1);
            images.addi(gradient.diviColumnVector(rms).muli(step));
            Transforms.max(images, 0.0, false);
            Transforms.min(images, 1.0, false);
            if ((it + 1) % GC_EVERY == 0) {
                System.gc(); // the only way to free the native buffers of this step's arrays (see GC_EVERY)
            }
            progress.accept(it + 1);
        }
        List<INDArray> pass = before == null ? null : before.forward(images);
        double[] last = meanPerImage(target.forward(layerInput(target, images, pass)).output());
        if (before != null) {
            before.discard();
        }
        if (initial == null) {
            initial = last;
        }
        float[] pixels = Flat.floats(images);
        List<float[]> maps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            maps.add(java.util.Arrays.copyOfRange(pixels, k * Architecture.PIXELS, (k + 1) * Architecture.PIXELS));
        }
        return new Result(layer, new FeatureMaps(Architecture.SIDE, Architecture.SIDE, maps), initial, last);
    }

    /** The target layer's input maps [n, C, H, W]: the images themselves for the first layer. */
    private static INDArray layerInput(SingleFilterConv target, INDArray images, List<INDArray> pass) {
        if (pass == null) {
            return images.reshape(images.size(0), target.inputChannels(), Architecture.SIDE, Architecture.SIDE);
        }
        return pass.get(pass.size() - 1);
    }

    private static double[] meanPerImage(INDArray output) {
        return output.castTo(DataType.DOUBLE).mean(1).toDoubleVector();
    }
}
