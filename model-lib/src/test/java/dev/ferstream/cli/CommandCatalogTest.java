package dev.ferstream.cli;

import dev.ferstream.cli.CommandCatalog.Jar;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCatalogTest {
    @Test
    void listsEveryCommandOfBothJarsOnce() {
        assertEquals(List.of("summary", "train", "evaluate", "compare", "predict", "analyze", "bench", "recalibrate",
                        "export", "import"),
                CommandCatalog.names(Jar.TRAINING));
        assertEquals(List.of("demo", "replay", "run", "dashboard", "publish", "models", "promote", "rollback", "retire",
                "retrain"),
                CommandCatalog.names(Jar.STREAMING));
        assertEquals(List.of("cluster"), CommandCatalog.names(Jar.SCRIPT));
        assertEquals(CommandCatalog.COMMANDS.size(),
                new HashSet<>(CommandCatalog.COMMANDS.stream().map(CommandCatalog.Entry::name).toList()).size());
    }

    @Test
    void formatsOneLinePerCommandUnderItsJar() {
        List<String> lines = CommandCatalog.format().lines().toList();
        assertEquals(CommandCatalog.COMMANDS.size() + Jar.values().length + 1, lines.size());
        assertEquals("Training and analysis (batch):", lines.get(0));
        assertEquals("  summary      An architecture's layers, output shapes and parameter counts", lines.get(1));
        assertEquals("Streaming (Kafka + Flink):", lines.get(11));
        assertTrue(lines.get(12).startsWith("  demo         "), lines.get(12));
        assertEquals("Run 'ferstream COMMAND --help' for a command's options.", lines.get(lines.size() - 1));
        for (String line : lines) {
            assertTrue(line.length() <= 80, "fits a terminal: " + line);
        }
    }

    @Command(name = "ferstream", mixinStandardHelpOptions = true, subcommands = Sub.class)
    static final class Top {
    }

    @Command(name = "sub", description = "a subcommand the catalog does not know")
    static final class Sub {
    }

    @Test
    void installedHelpListsTheCatalogInsteadOfTheRegisteredSubcommands() {
        CommandLine cli = new CommandLine(new Top());
        CommandCatalog.install(cli);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("--help"));
        String help = out.toString();
        assertTrue(help.contains("%nCommands:%nTraining and analysis (batch):%n  summary ".formatted()), help);
        assertTrue(help.contains("  dashboard    Serve the live web view"), help);
        assertTrue(!help.contains("a subcommand the catalog does not know"), help);
    }
}
