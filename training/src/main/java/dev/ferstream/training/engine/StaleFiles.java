package dev.ferstream.training.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Deletes a run's superseded files. Why: checkpoints and trained weights are written under each epoch's own name
 * before anything points at them (so a kill never leaves a half-written file where a good one was), which leaves the
 * previous epoch's files, and any {@code *.tmp} a kill interrupted, to remove once the new ones are in place.
 */
final class StaleFiles {
    private StaleFiles() {
    }

    /** Deletes the files in {@code dir} matching {@code glob}, except {@code keep} (null entries ignored). */
    static void deleteExcept(Path dir, String glob, Path... keep) throws IOException {
        Set<Path> kept = new HashSet<>(Arrays.asList(keep));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path file : files) {
                if (!kept.contains(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
