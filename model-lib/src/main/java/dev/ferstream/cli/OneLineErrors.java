package dev.ferstream.cli;

import dev.ferstream.data.DataFormatException;
import dev.ferstream.model.bundle.BundleException;
import picocli.CommandLine;

/**
 * How both command lines (training and streaming) report a failure the user can fix — bad data, a bad model bundle,
 * a bad option value — as one line naming the command, exit status 2, instead of a stack trace. Anything else is a
 * bug and keeps its stack trace.
 */
public final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
    /** The exit status of a command that failed on its input. */
    public static final int EXIT_BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (ex instanceof DataFormatException || ex instanceof BundleException || ex instanceof IllegalArgumentException) {
            commandLine.getErr().println("ferstream " + commandLine.getCommandName() + ": error: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        }
        throw ex;
    }
}
