package dev.ferstream.training.cli;

import dev.ferstream.cli.CommandCatalog;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training jar's top-level command line: its commands are the catalog's, and its help lists both jars'. */
class FerstreamCliTest {
    @Test
    void registeredSubcommandsAreTheCatalogsTrainingCommands() {
        Set<String> registered = new TreeSet<>(FerstreamCli.commandLine().getSubcommands().keySet());
        registered.remove("help");
        assertEquals(new TreeSet<>(CommandCatalog.names(CommandCatalog.Jar.TRAINING)), registered);
    }

    @Test
    void helpAndNoArgumentsListEveryCommandOfBothJars() {
        for (String[] args : new String[][]{{"--help"}, {"-h"}, {}}) {
            CommandLine cli = FerstreamCli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            assertEquals(0, cli.execute(args));
            String help = args.length == 0 ? err.toString() : out.toString(); // no command: usage goes to stderr
            for (CommandCatalog.Entry command : CommandCatalog.COMMANDS) {
                assertTrue(help.lines().anyMatch(l -> l.matches("  " + command.name() + " +" + java.util.regex.Pattern.quote(command.summary()))),
                        String.join(" ", args) + " lists " + command.name() + ":\n" + help);
            }
            assertTrue(help.startsWith("Usage: ferstream [-hV] [COMMAND]"), help);
        }
    }

    /** The launcher sends the streaming commands to the jobs jar by name; its list must be the catalog's. */
    @Test
    void theLauncherDispatchesTheCatalogsStreamingCommandsToTheJobsJar() throws Exception {
        Path launcher = Path.of("..", "ferstream"); // tests run in the training module's directory
        String streaming = String.join("|", CommandCatalog.names(CommandCatalog.Jar.STREAMING)) + ")";
        List<String> cases = Files.readAllLines(launcher).stream().map(String::trim).filter(l -> l.endsWith(")") && l.contains("|")).toList();
        assertEquals(List.of(streaming), cases, "the launcher's case pattern for the jobs jar");
    }
}
