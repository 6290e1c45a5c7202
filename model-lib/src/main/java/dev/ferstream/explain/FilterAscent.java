package dev.ferstream.explain;

import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
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
 * following it, as {@link LayerActivations} shows it, and after the ReLU layer following those if there is one:
 * fer-cnn's conv and BN are linear, and a linear block's mean hardly depends on anything but the mean pixel),
 * starting from a seeded noise image.
 *
 * <p><b>Regularisation: a fixed contrast around mid-grey.</b> After every step the image is projected back onto
 * "mean 0.5, RMS deviation {@link #CONTRAST}" (then clipped to [0, 1]). Why: without it a first-layer filter's
 * objective is (almost) linear in the image, mean(w * x) = sum(w) * mean(x) away from the borders, so its gradient
 * is a constant and the image runs to solid white or black (fer-cnn's old {@code ascent-conv1.png}); the tile says
 * only the sign of sum(w). With the brightness fixed that direction is gone, and with the contrast fixed the ascent
 * can only rearrange the pixels: it converges to the texture (stripes, spots, edges at the filter's orientation
 * and frequency) that the ReLU'd filter responds to most, which is what a reader wants to see. Deeper layers get
 * the same constraint, which also keeps their images from saturating into black-and-white blotches. Jitter and blur
 * were not needed for that and would smear exactly the 3x3 high-frequency patterns the first layers prefer;
 * maximising one unit (its receptive field) instead of the spatial mean shows a 3x3 patch in a 48x48 tile of noise.
 * The contrast is 1/sqrt(12) = 0.289, the standard deviation of the seeded uniform start noise: the start image is
 * the same as without the constraint, so every filter that fires somewhere on it gets a gradient (a filter silent on
 * the whole image has none and keeps its noise); a lower contrast silenced filters with a negative kernel sum.
 *
 * <p>All filters run as one batch, image k maximising filter k: the layers before the target run as a truncated
 * {@link InferenceCopy} (one forward and one input-only backward pass per step), and the target layer itself only as
 * image k through filter k ({@link SingleFilterConv}), which removes most of the work for the first layers. Each
 * step moves every image by {@code step * CONTRAST} times its gradient divided by the gradient's RMS (scale-free),
 * then projects it as above. Not thread-safe.
 */
public final class FilterAscent {
    /**
     * Steps between explicit collections. ND4J frees an array's native buffer only when the JVM collects the array,
     * and a step allocates hundreds of MB natively but little on the Java heap, so without this the young generation
     * rarely fills: RSS grew past 12 GB during fer-cnn's analysis.
     */
    private static final int GC_EVERY = 10;
    /** RMS deviation of every ascent image from mid-grey (see the class comment). */
    public static final double CONTRAST = 1 / Math.sqrt(12);
    /**
     * Gradient slope below 0 of a ReLU that follows the block: with the exact slope 0 a filter silent on the whole
     * start image would never move.
     */
    private static final double LEAK = 0.1;

    private final MultiLayerNetwork trained;
    private final ConvLayer layer;
    /** The layers before the target (null for the first layer) and their input gradients. */
    private final InputBackprop before;
    /** Whether the block is followed by a ReLU {@link ActivationLayer}, which the objective then includes. */
    private final boolean reluAfter;

    /** The per-filter outcome: images and the mean activation of filter k on image k before and after. */
    public record Result(ConvLayer layer, FeatureMaps images, double[] initialActivation, double[] finalActivation) {
    }

    public FilterAscent(MultiLayerNetwork trained, ConvLayer layer) {
        this.trained = trained;
        this.layer = layer;
        this.reluAfter = reluAfter(trained, layer);
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
        INDArray images = project(Nd4j.create(noise, new long[]{n, Architecture.PIXELS}, 'c').castTo(type));
        double[] initial = objective(output(target, images));
        for (int it = 0; it < iterations; it++) {
            images = project(images.addi(stepDirection(target, images).muli(step * CONTRAST)));
            if ((it + 1) % GC_EVERY == 0) {
                System.gc(); // the only way to free the native buffers of this step's arrays (see GC_EVERY)
            }
            progress.accept(it + 1);
        }
        double[] last = objective(output(target, images));
        if (before != null) {
            before.discard();
        }
        float[] pixels = Flat.floats(images);
        List<float[]> maps = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            maps.add(java.util.Arrays.copyOfRange(pixels, k * Architecture.PIXELS, (k + 1) * Architecture.PIXELS));
        }
        return new Result(layer, new FeatureMaps(Architecture.SIDE, Architecture.SIDE, maps), initial, last);
    }

    /** The objective's input gradient for every image, divided by its RMS (scale-free), shaped [n, 2304]. */
    private INDArray stepDirection(SingleFilterConv target, INDArray images) {
        List<INDArray> pass = before == null ? null : before.forward(images);
        SingleFilterConv.Pass out = target.forward(layerInput(target, images, pass));
        INDArray output = out.output();
        long area = output.size(1);
        INDArray epsilon = reluAfter // d objective / d block output, with a leak so a silent filter still moves
                ? output.gt(0).castTo(output.dataType()).muli(1 - LEAK).addi(LEAK).divi(area)
                : Nd4j.valueArrayOf(output.shape(), 1.0 / area, output.dataType());
        INDArray mapsGradient = target.inputGradient(out, epsilon);
        INDArray gradient = before == null ? mapsGradient.reshape(images.size(0), Architecture.PIXELS)
                : before.backward(images, pass, mapsGradient);
        INDArray rms = Transforms.sqrt(gradient.mul(gradient).mean(1), false).addi(1e-12).reshape(images.size(0), 1);
        return gradient.diviColumnVector(rms);
    }

    private INDArray output(SingleFilterConv target, INDArray images) {
        List<INDArray> pass = before == null ? null : before.forward(images);
        return target.forward(layerInput(target, images, pass)).output();
    }

    /** Per image: the mean of its filter's block output, after the ReLU layer that follows the block if any. */
    private double[] objective(INDArray output) {
        return meanPerImage(reluAfter ? Transforms.relu(output, true) : output);
    }

    /** Whether an {@link ActivationLayer} with ReLU follows the conv block (fer-cnn's conv, BN, ReLU). */
    private static boolean reluAfter(MultiLayerNetwork trained, ConvLayer layer) {
        int next = InferenceCopy.blockEnd(trained, layer.index()) + 1;
        return next < trained.getnLayers()
                && trained.getLayerWiseConfigurations().getConf(next).getLayer() instanceof ActivationLayer a
                && a.getActivationFn() instanceof ActivationReLU;
    }

    /**
     * Each row [n, 2304] moved to mean 0.5 and RMS deviation {@link #CONTRAST}, then clipped to [0, 1]; a flat row
     * (no deviation to scale) stays flat at 0.5.
     */
    static INDArray project(INDArray images) {
        INDArray centred = images.subColumnVector(images.mean(1).reshape(images.size(0), 1));
        INDArray rms = Transforms.sqrt(centred.mul(centred).mean(1), false).addi(1e-12).reshape(images.size(0), 1);
        INDArray out = centred.diviColumnVector(rms).muli(CONTRAST).addi(0.5);
        Transforms.max(out, 0.0, false);
        Transforms.min(out, 1.0, false);
        return out;
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
