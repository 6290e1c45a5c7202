package dev.ferstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * McNemar's exact test: do two classifiers scored on the same faces differ? Only the discordant faces carry evidence
 * (a face both get right or both get wrong says nothing about which is better), and under the null hypothesis each
 * discordant face is equally likely to favour either model, so B's discordant wins are Binomial(b + c, 1/2). Why exact
 * and not the chi-square form: a promotion gate often sees a few dozen discordant faces, where the chi-square
 * approximation is poor; the exact tail costs microseconds even for millions of faces ({@link Binomial}).
 */
public final class McNemar {
    private McNemar() {
    }

    /**
     * The exact test on the discordant counts.
     *
     * @param onlyA faces model A got right and model B wrong (often written b)
     * @param onlyB faces model B got right and model A wrong (often written c)
     */
    public static Result exact(long onlyA, long onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("discordant counts must be >= 0, got onlyA=" + onlyA + ", onlyB=" + onlyB);
        }
        long n = onlyA + onlyB;
        if (n == 0) {
            return new Result(0, 0, 1, 1, 1);
        }
        double twoSided = Math.min(1, 2 * Binomial.lowerTail(n, Math.min(onlyA, onlyB)));
        return new Result(onlyA, onlyB, twoSided, Binomial.upperTail(n, onlyB), Binomial.upperTail(n, onlyA));
    }

    /**
     * The outcome of {@link #exact}.
     *
     * @param onlyA     faces only A got right
     * @param onlyB     faces only B got right
     * @param pTwoSided {@code min(1, 2 P[X <= min(onlyA, onlyB)])}, X ~ Binomial(onlyA + onlyB, 1/2): do A and B differ?
     * @param pBBetter  {@code P[X >= onlyB]}: one-sided, how surprising B's discordant wins are if B is no better
     * @param pABetter  {@code P[X >= onlyA]}: the same for A
     */
    public record Result(@JsonProperty("only_a") long onlyA, @JsonProperty("only_b") long onlyB,
                         @JsonProperty("p_two_sided") double pTwoSided, @JsonProperty("p_b_better") double pBBetter,
                         @JsonProperty("p_a_better") double pABetter) {
        /** Faces the two models disagree on (in correctness). */
        public long discordant() {
            return onlyA + onlyB;
        }

        /**
         * Whether B is significantly better than A at level {@code alpha}: the one-sided p-value {@link #pBBetter} is at
         * most alpha. B must also win more discordant faces than A (which p <= alpha < 1/2 implies anyway).
         */
        public boolean bBetterAt(double alpha) {
            checkAlpha(alpha);
            return onlyB > onlyA && pBBetter <= alpha;
        }
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
    }
}
