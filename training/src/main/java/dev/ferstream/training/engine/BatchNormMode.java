package dev.ferstream.training.engine;

import java.util.Locale;

/**
 * {@code --batch-norm}: how BatchNorm behaves while a run trains. {@code batch} normalises with each batch's
 * statistics and keeps a running estimate (DL4J's BatchNormalization, the default); {@code fixed} keeps the starting
 * bundle's statistics, so a fine-tune moves the weights but not how the faces the parent knew are normalised
 * ({@link FixedBatchNorm}).
 */
public final class BatchNormMode {
    public static final String BATCH = "batch";
    public static final String FIXED = "fixed";

    private BatchNormMode() {
    }

    /** True for {@code fixed}, false for {@code batch}; anything else is refused with the option's name. */
    public static boolean fixed(String mode) {
        String m = mode.strip().toLowerCase(Locale.ROOT);
        if (m.equals(FIXED) || m.equals(BATCH)) {
            return m.equals(FIXED);
        }
        throw new IllegalArgumentException("--batch-norm must be batch or fixed, got '" + mode + "'");
    }
}
