package dev.ferstream.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * McNemar's exact test against exact rational values. The references came from an independent computation with
 * Python's big integers (exact, no floating point until the end):
 * <pre>
 * from fractions import Fraction
 * def lower(n, k):                     # P[X <= k], X ~ Binomial(n, 1/2)
 *     s, c = 0, 1
 *     for i in range(k + 1):
 *         s += c; c = c * (n - i) // (i + 1)
 *     return Fraction(s, 2 ** n)
 * two = min(1, 2 * lower(b + c, min(b, c))); pB = lower(b + c, b); pA = lower(b + c, c)
 * </pre>
 */
class McNemarTest {
    /** Relative tolerance: the test claims about 1e-14; 1e-12 leaves room and still catches any real error. */
    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-12, () -> "expected " + expected + ", got " + actual);
    }

    @Test
    void textbookCaseOneAgainstNine() {
        McNemar.Result r = McNemar.exact(1, 9);
        assertEquals(0.021484375, r.pTwoSided(), 1e-15); // 2 * 11/1024
        assertEquals(0.0107421875, r.pBBetter(), 1e-15); // 11/1024
        assertEquals(0.9990234375, r.pABetter(), 1e-15); // 1 - 1/1024
        assertEquals(10, r.discordant());
        assertTrue(r.bBetterAt(0.05));
        assertFalse(r.bBetterAt(0.01));
    }

    @Test
    void smallCases() {
        assertEquals(0.0625, McNemar.exact(0, 5).pTwoSided(), 1e-15);
        assertEquals(0.03125, McNemar.exact(0, 5).pBBetter(), 1e-15);
        assertEquals(1.0, McNemar.exact(0, 5).pABetter(), 1e-15);
        McNemar.Result r = McNemar.exact(2, 3);
        assertEquals(1.0, r.pTwoSided(), 1e-15);
        assertEquals(0.5, r.pBBetter(), 1e-15);
        assertEquals(0.8125, r.pABetter(), 1e-15);
    }

    @Test
    void equalDiscordantCountsAndNoneAtAllGiveOne() {
        assertEquals(1.0, McNemar.exact(5, 5).pTwoSided());
        assertEquals(1.0, McNemar.exact(123_456, 123_456).pTwoSided());
        McNemar.Result none = McNemar.exact(0, 0);
        assertEquals(1.0, none.pTwoSided());
        assertEquals(1.0, none.pBBetter());
        assertFalse(none.bBetterAt(0.5 - 1e-9));
    }

    @Test
    void tinyPValuesKeepTheirRelativePrecision() {
        McNemar.Result r = McNemar.exact(100, 300);
        assertClose(2.5918869069720767e-24, r.pTwoSided());
        assertClose(1.2959434534860383e-24, r.pBBetter());
        assertEquals(1.0, r.pABetter(), 1e-15);
        assertEquals(0.0, McNemar.exact(0, 5000).pBBetter()); // 2^-5000 underflows a double: 0, not NaN
    }

    @Test
    void largeCountsMatchTheExactComputation() {
        McNemar.Result tenThousand = McNemar.exact(4_900, 5_100);
        assertClose(0.04658552770494739, tenThousand.pTwoSided());
        assertClose(0.023292763852473693, tenThousand.pBBetter());
        assertClose(0.9777871004769597, tenThousand.pABetter());
        McNemar.Result hundredThousand = McNemar.exact(49_500, 50_500);
        assertClose(0.0015823598788515956, hundredThousand.pTwoSided());
        assertClose(0.0007911799394257978, hundredThousand.pBBetter());
        assertClose(0.9992258201845774, hundredThousand.pABetter());
        McNemar.Result million = McNemar.exact(499_000, 501_000);
        assertClose(0.04560829986538208, million.pTwoSided());
        assertClose(0.02280414993269104, million.pBBetter());
        assertClose(0.9773038320453279, million.pABetter());
    }

    @Test
    void symmetricInTheTwoModels() {
        McNemar.Result ab = McNemar.exact(37, 61);
        McNemar.Result ba = McNemar.exact(61, 37);
        assertEquals(ab.pTwoSided(), ba.pTwoSided());
        assertEquals(ab.pBBetter(), ba.pABetter());
        assertTrue(ab.bBetterAt(0.05));
        assertFalse(ba.bBetterAt(0.05));
    }

    @Test
    void rejectsNegativeCountsAndAlphaOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> McNemar.exact(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> McNemar.exact(1, 9).bBetterAt(0));
        assertThrows(IllegalArgumentException.class, () -> McNemar.exact(1, 9).bBetterAt(1.5));
    }
}
