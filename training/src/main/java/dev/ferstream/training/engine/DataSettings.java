package dev.ferstream.training.engine;

import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.TimeRange;

import java.nio.file.Path;

/**
 * Which faces a run trains on.
 *
 * @param file    labelled training data (any supported layout)
 * @param usage   Kaggle Usage filter for the training rows (or split sub-folder), or null
 * @param limit   use only the first N training rows (smoke runs), 0 = all
 * @param skipBad   skip malformed rows (and report them) instead of failing on the first
 * @param truthTime a feedback store's faces within this truth-time range ({@code --since}/{@code --until})
 */
public record DataSettings(Path file, String usage, int limit, boolean skipBad, TimeRange truthTime) {
    public DataSettings {
        Settings.require(limit >= 0, "limit must be >= 0, got " + limit);
        truthTime = truthTime == null ? TimeRange.ALL : truthTime;
    }

    /** Every face in time (no --since/--until). */
    public DataSettings(Path file, String usage, int limit, boolean skipBad) {
        this(file, usage, limit, skipBad, TimeRange.ALL);
    }

    ReadOptions readOptions() {
        return new ReadOptions(skipBad, usage, truthTime);
    }
}
