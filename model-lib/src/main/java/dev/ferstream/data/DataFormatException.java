package dev.ferstream.data;

import java.nio.file.Path;

/**
 * Bad input data, named precisely: which file, which line, and what is wrong. Thrown instead of a parse
 * stack trace so the CLI can print one actionable line.
 */
public class DataFormatException extends RuntimeException {
    private final Path file;
    private final long line;
    private final String problem;

    public DataFormatException(Path file, long line, String problem) {
        // escaped: the problem may quote the bad input itself, binary bytes and all
        super(PrintableText.escape(file + (line > 0 ? ":" + line : "") + ": " + problem));
        this.file = file;
        this.line = line;
        this.problem = PrintableText.escape(problem);
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
