package dev.ferstream.training.report;

import dev.ferstream.training.compare.Comparison;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonSectionTest {
    /** 14 faces: 8 both right, 1 only A, 4 only B, 1 both wrong (one-sided p = P[X >= 4], X ~ Bin(5, 1/2) = 6/32). */
    @Test
    void markdownHasTheTableTheTestAndRecall() {
        int[] labels = {0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6};
        int[] a = {0, 1, 2, 3, 4, 5, 6, 0, 1, 0, 0, 0, 0, 0};
        int[] b = {0, 1, 2, 3, 4, 5, 6, 0, 0, 2, 3, 4, 5, 0};
        Comparison c = Comparison.of(new Comparison.Sources("cnn", "vgg", "d", "none"), labels, a, b, 0.05, 0);
        String md = ComparisonSection.markdown(c);
        assertTrue(md.contains("""
                |  | vgg right | vgg wrong | total |
                |---|---|---|---|
                | cnn right | 8 | 1 | 9 |
                | cnn wrong | 4 | 1 | 5 |
                | total | 12 | 2 | 14 |
                """), md);
        assertTrue(md.contains("On 14 faces the models disagree in correctness on 5: 1 only cnn got right, 4 only vgg."
                + " McNemar's exact test: two-sided p = 0.3750, one-sided p = 0.1875 that vgg is better than cnn;"
                + " at alpha 0.05 the difference is not significant."), md);
        assertTrue(md.contains("| sad | 2 | 0.500 | 1.000 | +0.500 |"), md);
        assertEquals(1, ComparisonSection.html(c).split("<h2>", -1).length - 1);
    }
}
