package dev.ferstream.training.compare;

import dev.ferstream.eval.PairedOutcomes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    private static final Comparison.Sources SOURCES = new Comparison.Sources("a", "b", "d", "none");

    /**
     * 100 faces: 80 both right, 1 only A, 9 only B, 10 both wrong. The textbook McNemar case b = 1, c = 9:
     * two-sided p = 2 * 11/1024, one-sided 11/1024.
     */
    @Test
    void handMadeCaseHasTheTextbookPValue() {
        int n = 100;
        int[] labels = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 7;
            boolean aRight = i < 80 || i == 80;
            boolean bRight = i < 80 || (i > 80 && i < 90);
            a[i] = aRight ? labels[i] : (labels[i] + 1) % 7;
            b[i] = bRight ? labels[i] : (labels[i] + 2) % 7;
        }
        Comparison c = Comparison.of(SOURCES, labels, a, b, 0.05, 0);
        assertEquals(new PairedOutcomes(80, 1, 9, 10), c.table());
        assertEquals(100, c.faces());
        assertEquals(0.81, c.accuracyA(), 1e-12);
        assertEquals(0.89, c.accuracyB(), 1e-12);
        assertEquals(0.021484375, c.mcnemar().pTwoSided(), 1e-15);
        assertEquals(0.0107421875, c.mcnemar().pBBetter(), 1e-15);
        assertTrue(c.gate().bBetter());
        assertFalse(Comparison.of(SOURCES, labels, a, b, 0.01, 0).gate().bBetter());
        assertFalse(Comparison.of(SOURCES, labels, b, a, 0.05, 0).gate().bBetter(), "A better than B is not B better");
        // class 0 (angry): faces 0, 7, ..., 98 = 15; A misses 84 and 91, 98 (3), B misses 91 and 98 (2)
        ClassRecall angry = c.perClass().get(0);
        assertEquals("angry", angry.label());
        assertEquals(15, angry.support());
        assertEquals(12 / 15.0, angry.recallA(), 1e-12);
        assertEquals(13 / 15.0, angry.recallB(), 1e-12);
        assertEquals(1 / 15.0, angry.delta(), 1e-12);
        assertEquals(100, c.perClass().stream().mapToLong(ClassRecall::support).sum());
    }

    @Test
    void identicalPredictionsAreNeverBetter() {
        int[] labels = {0, 1, 2, 3, 4, 5, 6};
        int[] predicted = {0, 1, 2, 3, 0, 0, 0};
        Comparison c = Comparison.of(SOURCES, labels, predicted, Arrays.copyOf(predicted, 7), 0.5, 0);
        assertEquals(new PairedOutcomes(4, 0, 0, 3), c.table());
        assertEquals(1.0, c.mcnemar().pTwoSided());
        assertFalse(c.gate().bBetter());
        assertEquals(0.0, c.perClass().get(3).delta());
    }

    @Test
    void rejectsPredictionsOfAnotherLength() {
        assertThrows(IllegalArgumentException.class,
                () -> Comparison.of(SOURCES, new int[3], new int[3], new int[2], 0.05, 0));
    }
}
