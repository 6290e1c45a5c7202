package dev.ferstream.cli;

import dev.ferstream.data.DataFormatException;
import dev.ferstream.data.PrintableText;
import dev.ferstream.model.bundle.BundleException;
import picocli.CommandLine;

/**
 * How both command lines (training and streaming) report a failure the user can fix — bad data, a bad model bundle,
 * a bad option value — as one line naming the command, exit status 2, instead of a stack trace. Anything else is a
 * bug and keeps its stack trace. The line is printable whatever the message quotes: control characters from binary
 * input are escaped ({@link PrintableText}), so the message neither breaks over lines nor drives the terminal.
 */
public final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    /** The exit status of a command that failed on its input. */
    public static final int EXIT_BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (ex instanceof DataFormatException || ex instanceof BundleException || ex instanceof IllegalArgumentException) {
            commandLine.getErr().println(line(commandLine.getCommandName(), ex.getMessage()));
            return EXIT_BAD_INPUT;
        }
        throw ex;
    }

    /** The printed line: {@code ferstream COMMAND: error: MESSAGE}, escaped. */
    static String line(String command, String message) {
        return PrintableText.escape("ferstream " + command + ": error: " + message);
    }
}
