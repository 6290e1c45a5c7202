package dev.ferstream.data;

/** A row skipped under {@code --skip-bad}: its line and why. */
public record BadRow(long line, String problem) {
}
