package dev.ferstream.jobs.config;

import java.time.Duration;

/** The validation every settings group shares: one message prefix, so errors read the same whichever group fails. */
final class Checks {
    private Checks() {
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("job config: " + message);
        }
    }

    static void requirePositive(Duration d, String key) {
        require(d != null && !d.isNegative() && !d.isZero(), key + " must be > 0");
    }

    static void requireNonNegative(Duration d, String key) {
        require(d != null && !d.isNegative(), key + " must be >= 0");
    }

    static void requireText(String value, String message) {
        require(value != null && !value.isBlank(), message);
    }
}
