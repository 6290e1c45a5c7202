package dev.ferstream.model.inference;

import dev.ferstream.data.InputScaling;
import dev.ferstream.data.TestFaces;
import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the engines' parity tests share: the shipped bundles they run, the tolerance, seeded faces, DL4J's own answer
 * and the largest difference between two engines' answers.
 */
public final class EngineParity {
    /** Largest absolute difference in any probability between an engine and DL4J. */
    public static final double TOLERANCE = 1e-4;

    private EngineParity() {
    }

    /** Every shipped bundle's name ({@code @MethodSource("dev.ferstream.model.inference.EngineParity#bundles")}). */
    public static Stream<String> bundles() {
        return Stream.of("hw3-cnn", "hw3-dnn", "fer-cnn", "fer-cnn-wide", "fer-vgg");
    }

    /** DL4J's own {@code output()} for the faces, scaled as every engine scales them: [n, 7]. */
    public static INDArray dl4jOutput(MultiLayerNetwork network, List<byte[]> faces) {
        return network.output(Nd4j.create(InputScaling.batch(faces), new long[]{faces.size(), Architecture.PIXELS}),
                false);
    }

    /** {@code n} random faces, seeded from {@code seed}. */
    public static List<byte[]> faces(int n, long seed) {
        List<byte[]> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faces.add(TestFaces.pixels(seed + i));
        }
        return faces;
    }

    /** The largest absolute difference between two [n][7] probability tables (asserting their shapes agree). */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        assertEquals(a.length, b.length, "rows");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(7, b[i].length, "classes");
            for (int c = 0; c < 7; c++) {
                max = Math.max(max, Math.abs(a[i][c] - b[i][c]));
            }
        }
        return max;
    }
}
