package dev.ferstream.training.engine;

import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.TimeRange;

import java.nio.file.Path;
import java.util.List;

/**
 * Which faces a run trains on: one source, or several mixed per batch ({@link FaceMix}).
 *
 * @param files     labelled training data (any supported layout), one or more
 * @param weights   the sources' mixing weights, one per file in the same order, or empty: mix in proportion to each
 *                  source's training rows (what training on the concatenation would give)
 * @param usage     Kaggle Usage filter for the training rows (or split sub-folder), or null; applies to every source
 * @param limit     use only the first N rows of each source (smoke runs), 0 = all
 * @param skipBad   skip malformed rows (and report them) instead of failing on the first
 * @param truthTime a feedback store's faces within this truth-time range ({@code --since}/{@code --until})
 */
public record DataSettings(List<Path> files, List<Double> weights, String usage, int limit, boolean skipBad,
                           TimeRange truthTime) {
    public DataSettings {
        files = List.copyOf(files);
        weights = List.copyOf(weights);
        Settings.require(!files.isEmpty(), "at least one --data source is needed");
        Settings.require(limit >= 0, "limit must be >= 0, got " + limit);
        Settings.require(weights.isEmpty() || weights.size() == files.size(),
                "--data-weight must be given once per --data, in the same order, or not at all; got "
                        + weights.size() + " weights for " + files.size() + " sources");
        for (int i = 0; i < weights.size(); i++) {
            double w = weights.get(i);
            Settings.require(w > 0 && Double.isFinite(w), "--data-weight must be > 0, got " + w + " for " + files.get(i));
        }
        truthTime = truthTime == null ? TimeRange.ALL : truthTime;
    }

    /** Every face in time (no --since/--until). */
    public DataSettings(List<Path> files, List<Double> weights, String usage, int limit, boolean skipBad) {
        this(files, weights, usage, limit, skipBad, TimeRange.ALL);
    }

    /** One source: the single-file form every run had before mixes. */
    public static DataSettings single(Path file, String usage, int limit, boolean skipBad) {
        return new DataSettings(List.of(file), List.of(), usage, limit, skipBad);
    }

    /** Whether the weights were given (else each source weighs its training rows). */
    boolean weighted() {
        return !weights.isEmpty();
    }

    ReadOptions readOptions() {
        return new ReadOptions(skipBad, usage, truthTime);
    }
}
