package dev.ferstream.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedOutcomesTest {
    @Test
    void addFillsTheCellOfEachPair() {
        PairedOutcomes t = PairedOutcomes.EMPTY.add(true, true).add(true, false).add(false, true).add(false, true)
                .add(false, false).add(false, false).add(false, false);
        assertEquals(new PairedOutcomes(1, 1, 2, 3), t);
        assertEquals(7, t.total());
        assertEquals(2, t.aCorrect());
        assertEquals(3, t.bCorrect());
        assertEquals(2 / 7.0, t.accuracyA(), 1e-15);
        assertEquals(3 / 7.0, t.accuracyB(), 1e-15);
        assertEquals(1 / 7.0, t.accuracyGain(), 1e-15);
        assertEquals(PairedOutcomes.EMPTY, new PairedOutcomes(0, 0, 0, 0)); // add never mutated the constant
    }

    @Test
    void mergeAddsCells() {
        assertEquals(new PairedOutcomes(11, 22, 33, 44),
                new PairedOutcomes(10, 20, 30, 40).merge(new PairedOutcomes(1, 2, 3, 4)));
    }

    @Test
    void emptyTableHasNoAccuracyAndIsNeverBetter() {
        assertTrue(Double.isNaN(PairedOutcomes.EMPTY.accuracyA()));
        assertEquals(1.0, PairedOutcomes.EMPTY.mcnemar().pTwoSided());
        assertFalse(PairedOutcomes.EMPTY.betterAt(0.05, 0));
    }

    @Test
    void betterAtNeedsSignificanceAndTheMargin() {
        PairedOutcomes t = new PairedOutcomes(80, 1, 9, 10); // gain 8 points on 100 faces, one-sided p = 11/1024
        assertEquals(0.0107421875, t.mcnemar().pBBetter(), 1e-15);
        assertTrue(t.betterAt(0.05, 0));
        assertTrue(t.betterAt(0.05, 0.08));
        assertFalse(t.betterAt(0.05, 0.09)); // significant, but not by enough
        assertFalse(t.betterAt(0.01, 0)); // big enough, but not significant at 1%
        PairedOutcomes huge = new PairedOutcomes(900_000, 49_500, 50_500, 0); // p ~ 8e-4, gain only 0.001
        assertTrue(huge.betterAt(0.01, 0));
        assertFalse(huge.betterAt(0.01, 0.005));
    }

    @Test
    void rejectsNegativeCellsAndMargins() {
        assertThrows(IllegalArgumentException.class, () -> new PairedOutcomes(1, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PairedOutcomes(1, 1, 9, 0).betterAt(0.05, -0.1));
    }
}
