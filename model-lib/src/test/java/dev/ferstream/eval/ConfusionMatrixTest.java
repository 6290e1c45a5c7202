package dev.ferstream.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {
    /** 3 angry (2 right, 1 as fear), 1 happy (right), 2 fear (1 right, 1 as angry). */
    private static ConfusionMatrix handMade() {
        ConfusionMatrix m = new ConfusionMatrix();
        m.add(0, 0);
        m.add(0, 0);
        m.add(0, 2);
        m.add(3, 3);
        m.add(2, 2);
        m.add(2, 0);
        return m;
    }

    @Test
    void metricsOnAHandMadeCase() {
        ConfusionMatrix m = handMade();
        assertEquals(6, m.total());
        assertEquals(4 / 6.0, m.accuracy(), 1e-12);
        assertEquals(2 / 3.0, m.recall(0), 1e-12);
        assertEquals(2 / 3.0, m.precision(0), 1e-12);
        assertEquals(0.5, m.recall(2), 1e-12);
        assertEquals(0.5, m.precision(2), 1e-12);
        assertEquals(1.0, m.f1(3), 1e-12);
        assertTrue(Double.isNaN(m.recall(1)));
        double[][] n = m.normalizedByTrueClass();
        assertEquals(2 / 3.0, n[0][0], 1e-12);
        assertEquals(1 / 3.0, n[0][2], 1e-12);
        assertEquals(0.0, n[1][1]);
        assertEquals(0.5, n[2][0], 1e-12);
        assertEquals(0, m.mostConfusedPair()[0]);
        assertEquals(2, m.mostConfusedPair()[1]);
    }

    @Test
    void mergeAddsCounts() {
        ConfusionMatrix a = handMade();
        ConfusionMatrix merged = a.copy().merge(handMade());
        assertEquals(12, merged.total());
        assertEquals(4, merged.count(0, 0));
        assertEquals(6, a.total());
        assertEquals(a, ConfusionMatrix.of(a.rowMajor()));
    }
}
