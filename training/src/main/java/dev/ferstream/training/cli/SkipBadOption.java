package dev.ferstream.training.cli;

import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.TimeRange;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --skip-bad}, for every command that reads a data file: the readers' error for a malformed row suggests it,
 * so each command that can meet one accepts it (a picocli mixin).
 */
final class SkipBadOption {
    @Option(names = "--skip-bad", description = "skip malformed rows and report them instead of failing")
    boolean skipBad;

    ReadOptions readOptions(String usage) {
        return new ReadOptions(skipBad, usage);
    }

    /** Reads every row of {@code file}, reporting skipped ones on stderr. */
    FaceData read(Path file) {
        return read(file, null);
    }

    /** Reads the rows of {@code file} that {@code usage} selects (null: all), reporting skipped ones on stderr. */
    FaceData read(Path file, String usage) {
        return read(file, usage, TimeRange.ALL);
    }

    /** As {@link #read(Path, String)}, a feedback store's faces only within {@code truthTime} (--since/--until). */
    FaceData read(Path file, String usage, TimeRange truthTime) {
        FaceData faces = FaceReader.read(file, new ReadOptions(skipBad, usage, truthTime));
        if (!faces.skipped().isEmpty()) {
            System.err.println(file + ": " + faces.skippedSummary());
        }
        return faces;
    }
}
