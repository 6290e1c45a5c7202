package dev.ferstream.jobs.cli;

import dev.ferstream.cli.CommandCatalog;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming jar's top-level command line: its commands are the catalog's, and its help lists both jars'. */
class JobsCliCatalogTest {
    @Test
    void registeredSubcommandsAreTheCatalogsStreamingCommands() {
        Set<String> registered = new TreeSet<>(JobsCli.commandLine().getSubcommands().keySet());
        registered.remove("help");
        assertEquals(new TreeSet<>(CommandCatalog.names(CommandCatalog.Jar.STREAMING)), registered);
    }

    @Test
    void helpListsEveryCommandOfBothJars() {
        CommandLine cli = JobsCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("--help"));
        String help = out.toString();
        for (CommandCatalog.Entry command : CommandCatalog.COMMANDS) {
            assertTrue(help.contains("  " + command.name() + " ") && help.contains(command.summary()),
                    "lists " + command.name() + ":\n" + help);
        }
    }
}
