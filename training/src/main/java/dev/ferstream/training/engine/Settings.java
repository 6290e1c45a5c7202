package dev.ferstream.training.engine;

/** The one way the training settings records reject a value: an IllegalArgumentException, printed as one line. */
final class Settings {
    private Settings() {
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
