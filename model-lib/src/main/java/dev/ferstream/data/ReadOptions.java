package dev.ferstream.data;

/**
 * How to read a data set.
 *
 * @param skipBad skip malformed rows (and report them) instead of failing on the first
 * @param usage   Kaggle {@code Usage} filter (Training, PublicTest, PrivateTest), or null for all rows;
 *                for folder trees, the split sub-folder to read, or null when the folder holds the emotion folders
 */
public record ReadOptions(boolean skipBad, String usage) {
    public static ReadOptions strict() {
        return new ReadOptions(false, null);
    }
}
