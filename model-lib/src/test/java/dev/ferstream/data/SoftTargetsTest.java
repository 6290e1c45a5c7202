package dev.ferstream.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A teacher's probabilities blended into the labels of the faces that have them, and only those. */
class SoftTargetsTest {
    private static final float[] TEACHER = {0.1f, 0f, 0.2f, 0.6f, 0f, 0f, 0.1f};

    @Test
    void aFaceWithATargetLearnsTheBlendAndOthersTheirOwnLabel() {
        Face taught = new Face("a", TestFaces.pixels(1), 0, 2);
        Face plain = new Face("b", TestFaces.pixels(2), 4, 3);
        Face twin = new Face("a", taught.pixels(), 0, 2); // equal by value, another face
        SoftTargets targets = SoftTargets.of(Map.of(taught, TEACHER), 0.25);
        DataSet batch = new FaceBatchIterator(List.of(taught, plain, twin), 3, false, Augmentation.NONE, 0.07, 1, targets,
                RandomCameras.none())
                .next();
        float off = 0.01f, on = 0.93f + off;
        float[] blended = new float[7];
        for (int c = 0; c < 7; c++) {
            blended[c] = 0.75f * (c == 0 ? on : off) + 0.25f * TEACHER[c];
        }
        assertArrayEquals(blended, batch.getLabels().getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[]{off, off, off, off, on, off, off}, batch.getLabels().getRow(1).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[]{on, off, off, off, off, off, off}, batch.getLabels().getRow(2).toFloatVector(), 1e-6f);
        assertEquals(1.0, batch.getLabels().getRow(0).sumNumber().doubleValue(), 1e-6, "still a distribution");
    }

    @Test
    void theWeightMustBeAShare() {
        Face face = new Face("a", TestFaces.pixels(1), 0, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftTargets.of(Map.of(face, TEACHER), 1.5));
        assertEquals("distillation weight must be in (0, 1], got 1.5", e.getMessage());
        assertEquals(0, SoftTargets.none().size());
    }
}
