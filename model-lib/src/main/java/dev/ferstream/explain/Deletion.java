package dev.ferstream.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The deletion test of a saliency map (Petsiuk et al. 2018, RISE): sort the pixels by saliency, blank the top 0%,
 * 5%, ..., 100% of them, and record the probability of the class the map explains; a faithful map makes it fall
 * fast, so its {@link DeletionCurve#auc() area} is small.
 *
 * <p>Blanked pixels are set to <b>the face's own mean grey</b> (rounded), not 0: black holes are a strong pattern of
 * their own (a dark blob reads as an open mouth or a frown), while the mean removes the information without adding
 * an edge the size of a hole. All copies of a set of faces go through {@code probabilities} in one call.
 */
public final class Deletion {
    public static final int DEFAULT_STEPS = 20;

    private final Function<List<byte[]>, float[][]> probabilities;
    private final int steps;

    /**
     * @param probabilities class probabilities for faces (e.g. a {@code Classifier}'s), one row per face
     * @param steps         points after 0%: 20 gives 0%, 5%, ..., 100%
     */
    public Deletion(Function<List<byte[]>, float[][]> probabilities, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("deletion steps must be >= 1, got " + steps);
        }
        this.probabilities = probabilities;
        this.steps = steps;
    }

    /** One curve per face, for the class at the same index, deleting in the order of the map at the same index. */
    public List<DeletionCurve> curves(List<byte[]> faces, float[][] maps, int[] classes) {
        if (faces.size() != maps.length || faces.size() != classes.length) {
            throw new IllegalArgumentException(faces.size() + " faces, " + maps.length + " maps and " + classes.length + " classes");
        }
        List<byte[]> rows = new ArrayList<>(faces.size() * (steps + 1));
        for (int f = 0; f < faces.size(); f++) {
            byte[] face = faces.get(f);
            if (face.length != maps[f].length) {
                throw new IllegalArgumentException("face " + f + " has " + face.length + " pixels but its map " + maps[f].length);
            }
            int[] order = order(maps[f]);
            byte fill = meanGrey(face);
            for (int s = 0; s <= steps; s++) {
                rows.add(blanked(face, order, (int) Math.round((double) s * face.length / steps), fill));
            }
        }
        float[][] p = probabilities.apply(rows);
        double[] fractions = IntStream.rangeClosed(0, steps).mapToDouble(s -> (double) s / steps).toArray();
        List<DeletionCurve> curves = new ArrayList<>(faces.size());
        for (int f = 0; f < faces.size(); f++) {
            double[] values = new double[steps + 1];
            for (int s = 0; s <= steps; s++) {
                values[s] = p[f * (steps + 1) + s][classes[f]];
            }
            curves.add(new DeletionCurve(fractions, values));
        }
        return curves;
    }

    /** Pixel indices by falling saliency; equal values keep index order, so the order is deterministic. */
    static int[] order(float[] map) {
        return IntStream.range(0, map.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -map[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /** A copy of the face with its first {@code count} pixels in {@code order} set to {@code fill}. */
    static byte[] blanked(byte[] face, int[] order, int count, byte fill) {
        byte[] copy = Arrays.copyOf(face, face.length);
        for (int i = 0; i < count; i++) {
            copy[order[i]] = fill;
        }
        return copy;
    }

    /** The face's mean grey level, rounded, as an unsigned byte. */
    static byte meanGrey(byte[] face) {
        long sum = 0;
        for (byte b : face) {
            sum += b & 0xFF;
        }
        return (byte) Math.round((double) sum / Math.max(1, face.length));
    }
}
