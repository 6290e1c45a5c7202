package dev.ferstream.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Chosen faces through a new random camera each epoch; the others, and the face itself, untouched. */
class RandomCamerasTest {
    @Test
    void aChosenFaceLooksDifferentEachEpochAndTheOthersNever() {
        Face chosen = new Face("a", TestFaces.pixels(1), 0, 2);
        Face plain = new Face("b", TestFaces.pixels(2), 4, 3);
        byte[] before = chosen.pixels().clone();
        FaceBatchIterator batches = new FaceBatchIterator(List.of(chosen, plain), 2, false, Augmentation.NONE, 0, 9,
                SoftTargets.none(), RandomCameras.of(List.of(chosen)));
        DataSet first = batches.next();
        batches.reset();
        DataSet second = batches.next();

        float[] clean = scaled(chosen.pixels());
        assertFalse(java.util.Arrays.equals(clean, first.getFeatures().getRow(0).toFloatVector()), "through a camera");
        assertFalse(java.util.Arrays.equals(first.getFeatures().getRow(0).toFloatVector(),
                second.getFeatures().getRow(0).toFloatVector()), "another camera in the next epoch");
        assertArrayEquals(scaled(plain.pixels()), first.getFeatures().getRow(1).toFloatVector(), 1e-7f);
        assertArrayEquals(scaled(plain.pixels()), second.getFeatures().getRow(1).toFloatVector(), 1e-7f);
        assertArrayEquals(before, chosen.pixels(), "the face itself is not changed");

        FaceBatchIterator again = new FaceBatchIterator(List.of(chosen, plain), 2, false, Augmentation.NONE, 0, 9,
                SoftTargets.none(), RandomCameras.of(List.of(chosen)));
        assertArrayEquals(first.getFeatures().getRow(0).toFloatVector(), again.next().getFeatures().getRow(0).toFloatVector(),
                "seeded: the same cameras for the same seed");
        assertEquals(1, RandomCameras.of(List.of(chosen, chosen)).size());
        assertEquals(0, RandomCameras.none().size());
    }

    private static float[] scaled(byte[] pixels) {
        float[] out = new float[pixels.length];
        InputScaling.write(pixels, out, 0);
        return out;
    }
}
