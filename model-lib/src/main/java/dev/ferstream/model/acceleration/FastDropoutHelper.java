package dev.ferstream.model.acceleration;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.dropout.DropoutHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout with its mask drawn in Java: each value is kept with probability {@code retain} and scaled by
 * {@code 1 / retain}; the mask ({@code 1 / retain} or 0 per value) multiplies the values on the way forward and the
 * gradient on the way back.
 *
 * <p>Why: DL4J's {@code Dropout} allocates a mask per step, fills it with ones and runs libnd4j's random
 * {@code DropOutInverted} over it, ~5% of a channels-last hw3-cnn step (JFR; the random op alone 3.5%, ~65 ms for the
 * 128x24x24x64 maps outside a step against ~10 ms here). Here the mask array is kept between steps and each block of
 * it draws from its own {@link SplittableRandom}, seeded from ND4J's generator once per call, so a seeded run draws
 * the same masks whatever the thread count. A value is kept when 16 random bits fall below {@code retain * 65536}: the
 * probability is {@code retain} to 1/65536. Installed by {@link FastDropout}; DL4J calls it in training steps only.
 */
final class FastDropoutHelper implements DropoutHelper {
    private static final int BLOCK = 1 << 13;
    private static final int PARALLEL_MIN_VALUES = 1 << 16;
    private final int parts;
    /** The last forward pass's mask, null before the first. */
    private INDArray mask;

    /** @param parts how many ranges of blocks run in parallel (1 = the calling thread only) */
    FastDropoutHelper(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        }
        this.parts = parts;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of("dropout-mask", mask == null ? 0L : mask.length() * Float.BYTES);
    }

    @Override
    public void applyDropout(INDArray input, INDArray result, double retain) {
        if (!(retain > 0 && retain <= 1)) {
            throw new IllegalArgumentException("dropout retain probability must be in (0, 1], got " + retain);
        }
        if (input.length() > Integer.MAX_VALUE || !Arrays.equals(input.shape(), result.shape())) {
            throw new IllegalArgumentException("dropout needs input and result of one shape below 2^31 values, got "
                    + Arrays.toString(input.shape()) + " and " + Arrays.toString(result.shape()));
        }
        INDArray drawn = mask != null && Arrays.equals(mask.shape(), input.shape()) ? mask
                : Nd4j.createUninitializedDetached(DataType.FLOAT, input.shape());
        draw(drawn, Nd4j.getRandom().nextLong(), (int) Math.round(retain * 65536), (float) (1 / retain));
        mask = drawn;
        Nd4j.exec(new MulOp(input, mask.castTo(input.dataType()), result));
    }

    @Override
    public void backprop(INDArray gradAtOutput, INDArray gradAtInput) {
        if (mask == null || !Arrays.equals(mask.shape(), gradAtOutput.shape())) {
            throw new IllegalStateException("no dropout mask for shape " + Arrays.toString(gradAtOutput.shape())
                    + " (the last forward pass had " + (mask == null ? "none" : Arrays.toString(mask.shape())) + ")");
        }
        Nd4j.exec(new MulOp(gradAtOutput, mask.castTo(gradAtOutput.dataType()), gradAtInput));
    }

    /** Fills {@code target}: {@code scale} where 16 random bits fall below {@code threshold}, else 0, by blocks. */
    private void draw(INDArray target, long seed, int threshold, float scale) {
        int values = (int) target.length();
        FloatBuffer out = ChannelKernels.floats(target);
        int blocks = (values + BLOCK - 1) / BLOCK;
        int used = values >= PARALLEL_MIN_VALUES ? Math.min(parts, blocks) : 1;
        IntStream.range(0, used).parallel().forEach(part -> {
            float[] scratch = new float[BLOCK];
            for (int block = blocks * part / used; block < blocks * (part + 1) / used; block++) {
                int first = block * BLOCK;
                int count = Math.min(BLOCK, values - first);
                fill(new SplittableRandom(seed ^ (block * 0x9E3779B97F4A7C15L)), threshold, scale, scratch, count);
                out.put(first, scratch, 0, count);
            }
        });
    }

    /**
     * Four values per 64 random bits, branch-free: a kept/dropped branch would mispredict a quarter of the time at
     * 0.75 (this unrolled form draws 4.9M values in ~4 ms on one thread, twice as fast as a loop value by value).
     */
    private static void fill(SplittableRandom random, int threshold, float scale, float[] values, int count) {
        int i = 0;
        for (; i + 3 < count; i += 4) {
            long bits = random.nextLong();
            values[i] = scale * kept((int) bits, threshold);
            values[i + 1] = scale * kept((int) (bits >>> 16), threshold);
            values[i + 2] = scale * kept((int) (bits >>> 32), threshold);
            values[i + 3] = scale * kept((int) (bits >>> 48), threshold);
        }
        long bits = random.nextLong();
        for (; i < count; i++, bits >>>= 16) {
            values[i] = scale * kept((int) bits, threshold);
        }
    }

    /** 1 where the low 16 bits of {@code bits} fall below {@code threshold}, else 0. */
    private static int kept(int bits, int threshold) {
        return ((bits & 0xFFFF) - threshold) >>> 31;
    }
}
