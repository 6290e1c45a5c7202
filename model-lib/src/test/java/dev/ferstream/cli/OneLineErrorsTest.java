package dev.ferstream.cli;

import dev.ferstream.data.DataFormatException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OneLineErrorsTest {
    @Command(name = "read")
    static final class Failing implements Callable<Integer> {
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    private static String run(RuntimeException failure, int expectedExit) {
        CommandLine cli = new CommandLine(new Failing(failure));
        cli.setExecutionExceptionHandler(new OneLineErrors());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(expectedExit, cli.execute());
        return err.toString();
    }

    @Test
    void inputErrorsPrintOneEscapedLineAndExitTwo() {
        String err = run(new IllegalArgumentException("bad \u001b[31mred\u001b[0m\nsecond line\u0085"), OneLineErrors.EXIT_BAD_INPUT);
        assertEquals("ferstream read: error: bad \\x1b[31mred\\x1b[0m\\nsecond line\\x85" + System.lineSeparator(), err);
        String data = run(new DataFormatException(Path.of("faces.csv"), 3, "label is not a number: '\u0000'"), 2);
        assertEquals("ferstream read: error: faces.csv:3: label is not a number: '\\x00'" + System.lineSeparator(), data);
    }

    @Test
    void bugsKeepTheirStackTrace() {
        IllegalStateException bug = new IllegalStateException("a bug");
        CommandLine cli = new CommandLine(new Failing(bug));
        assertSame(bug, assertThrows(IllegalStateException.class,
                () -> new OneLineErrors().handleExecutionException(bug, cli, null)));
    }
}
