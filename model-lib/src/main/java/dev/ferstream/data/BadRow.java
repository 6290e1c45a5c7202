package dev.ferstream.data;

/** A row skipped under {@code --skip-bad}: its line and why. */
public record BadRow(long line, String problem) {
    public BadRow {
        problem = PrintableText.escape(problem); // printed in the skipped-rows summary; may quote binary input
    }
}
