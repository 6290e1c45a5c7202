package dev.ferstream.data;

/**
 * How to read a data set.
 *
 * @param skipBad   skip malformed rows (and report them) instead of failing on the first
 * @param usage     Kaggle {@code Usage} filter (Training, PublicTest, PrivateTest), or null for all rows;
 *                  for folder trees, the split sub-folder to read, or null when the folder holds the emotion folders
 * @param truthTime faces whose truth time lies in this range ({@code --since}/{@code --until}); only the feedback
 *                  store has event times, so the other layouts are read whole
 */
public record ReadOptions(boolean skipBad, String usage, TimeRange truthTime) {
    public ReadOptions {
        truthTime = truthTime == null ? TimeRange.ALL : truthTime;
    }

    /** Without a time range: every face. */
    public ReadOptions(boolean skipBad, String usage) {
        this(skipBad, usage, TimeRange.ALL);
    }

    public static ReadOptions strict() {
        return new ReadOptions(false, null);
    }
}
