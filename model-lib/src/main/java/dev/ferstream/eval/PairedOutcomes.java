package dev.ferstream.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 2x2 table of two models scored on the same faces: how many each got right, split by whether the other did too.
 * Immutable and mergeable (like a window's partial sums); {@link #add} returns a new value.
 *
 * @param bothRight  faces A and B both classified correctly
 * @param onlyARight faces only A classified correctly
 * @param onlyBRight faces only B classified correctly
 * @param bothWrong  faces neither classified correctly
 */
public record PairedOutcomes(@JsonProperty("both_right") long bothRight, @JsonProperty("only_a_right") long onlyARight,
                             @JsonProperty("only_b_right") long onlyBRight, @JsonProperty("both_wrong") long bothWrong) {
    public static final PairedOutcomes EMPTY = new PairedOutcomes(0, 0, 0, 0);

    public PairedOutcomes {
        if (bothRight < 0 || onlyARight < 0 || onlyBRight < 0 || bothWrong < 0) {
            throw new IllegalArgumentException("paired counts must be >= 0, got " + bothRight + ", " + onlyARight
                    + ", " + onlyBRight + ", " + bothWrong);
        }
    }

    /** This table plus one face, given whether A and whether B classified it correctly. */
    public PairedOutcomes add(boolean aRight, boolean bRight) {
        return new PairedOutcomes(bothRight + (aRight && bRight ? 1 : 0), onlyARight + (aRight && !bRight ? 1 : 0),
                onlyBRight + (!aRight && bRight ? 1 : 0), bothWrong + (!aRight && !bRight ? 1 : 0));
    }

    /** The cell-wise sum of two tables (e.g. two windows or two shards of the same comparison). */
    public PairedOutcomes merge(PairedOutcomes other) {
        return new PairedOutcomes(bothRight + other.bothRight, onlyARight + other.onlyARight,
                onlyBRight + other.onlyBRight, bothWrong + other.bothWrong);
    }

    public long total() {
        return bothRight + onlyARight + onlyBRight + bothWrong;
    }

    public long aCorrect() {
        return bothRight + onlyARight;
    }

    public long bCorrect() {
        return bothRight + onlyBRight;
    }

    /** A's accuracy; NaN when the table is empty. */
    public double accuracyA() {
        return total() == 0 ? Double.NaN : aCorrect() / (double) total();
    }

    /** B's accuracy; NaN when the table is empty. */
    public double accuracyB() {
        return total() == 0 ? Double.NaN : bCorrect() / (double) total();
    }

    /** B's accuracy minus A's: only the discordant faces differ, so this is (onlyB - onlyA) / total; 0 when empty. */
    public double accuracyGain() {
        return total() == 0 ? 0 : (onlyBRight - onlyARight) / (double) total();
    }

    /** McNemar's exact test on this table's discordant faces. */
    public McNemar.Result mcnemar() {
        return McNemar.exact(onlyARight, onlyBRight);
    }

    /**
     * The promotion rule: B replaces A only when B is significantly better <em>and</em> better by enough to matter.
     * True when McNemar's one-sided exact p-value for "B better" is at most {@code alpha} and B's accuracy exceeds A's
     * by at least {@code margin} (an absolute accuracy difference, e.g. 0.01 for one point; 0 asks for significance
     * only). Why both: on a million faces a gain of 0.001 is significant yet not worth a model swap, and on fifty faces
     * a large gain may be luck.
     */
    public boolean betterAt(double alpha, double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1), got " + margin);
        }
        return mcnemar().bBetterAt(alpha) && accuracyGain() >= margin;
    }
}
