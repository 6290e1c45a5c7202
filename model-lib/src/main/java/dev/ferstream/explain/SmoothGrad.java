package dev.ferstream.explain;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;
import java.util.Random;

/**
 * SmoothGrad (Smilkov et al. 2017): the mean of {@link SaliencyMaps}' |d logit[class] / d pixel| over
 * {@code samples} copies of the face with Gaussian noise of standard deviation {@code sigma} (in scaled-pixel units,
 * 0..1) added.
 *
 * <p>Why: a ReLU network's gradient jumps from pixel to pixel (each pixel flips some units on or off), so a single
 * gradient map looks like speckle even where the model does attend to the eyes or the mouth; averaging over nearby
 * inputs keeps what is stable (the regions) and cancels the speckle. 0.15 (15% of the pixel range) is the paper's
 * recommended noise level. Absolute values are averaged (not signed gradients): a pixel that matters either way in
 * every copy should stay bright. The noise comes from a {@link Random} seeded on every call, so the same faces give the
 * same maps. Costs {@code samples} gradient rows per face. Not thread-safe (one {@link SaliencyMaps} inside).
 */
public final class SmoothGrad {
    public static final int DEFAULT_SAMPLES = 16;
    public static final double DEFAULT_SIGMA = 0.15;
    /** Gradient rows per backward pass: bounds the memory of a pass on fer-vgg-sized networks. */
    private static final int MAX_ROWS = 256;

    private final SaliencyMaps gradients;
    private final DataType dataType;
    private final int samples;
    private final double sigma;
    private final long seed;

    public SmoothGrad(MultiLayerNetwork trained, int samples, double sigma, long seed) {
        if (samples < 1 || !(sigma >= 0)) {
            throw new IllegalArgumentException("SmoothGrad needs samples >= 1 and sigma >= 0, got " + samples + " and " + sigma);
        }
        this.gradients = new SaliencyMaps(trained);
        this.dataType = trained.params().dataType();
        this.samples = samples;
        this.sigma = sigma;
        this.seed = seed;
    }

    public SmoothGrad(MultiLayerNetwork trained) {
        this(trained, DEFAULT_SAMPLES, DEFAULT_SIGMA, 42);
    }

    public int samples() {
        return samples;
    }

    /** Same contract as {@link SaliencyMaps#compute}: [faces][2304] non-negative values. */
    public float[][] compute(List<byte[]> faces, int[] targetClasses) {
        if (faces.size() != targetClasses.length) {
            throw new IllegalArgumentException(faces.size() + " faces but " + targetClasses.length + " target classes");
        }
        Random random = new Random(seed);
        float[][] maps = new float[faces.size()][];
        int perPass = Math.max(1, MAX_ROWS / samples);
        for (int from = 0; from < faces.size(); from += perPass) {
            int to = Math.min(faces.size(), from + perPass);
            float[][] part = averaged(faces.subList(from, to), java.util.Arrays.copyOfRange(targetClasses, from, to), random);
            System.arraycopy(part, 0, maps, from, part.length);
        }
        return maps;
    }

    private float[][] averaged(List<byte[]> faces, int[] targetClasses, Random random) {
        int n = faces.size();
        float[] clean = InputScaling.batch(faces);
        double[] noisy = new double[n * samples * Architecture.PIXELS];
        int[] targets = new int[n * samples];
        for (int f = 0; f < n; f++) {
            for (int s = 0; s < samples; s++) {
                int row = f * samples + s;
                targets[row] = targetClasses[f];
                for (int p = 0; p < Architecture.PIXELS; p++) {
                    noisy[row * Architecture.PIXELS + p] = clean[f * Architecture.PIXELS + p] + sigma * random.nextGaussian();
                }
            }
        }
        INDArray input = Nd4j.create(noisy, new long[]{(long) n * samples, Architecture.PIXELS}, 'c').castTo(dataType);
        INDArray magnitudes = Transforms.abs(gradients.gradient(input, targets), false).castTo(DataType.FLOAT);
        return magnitudes.reshape(n, samples, Architecture.PIXELS).mean(1).toFloatMatrix();
    }
}
