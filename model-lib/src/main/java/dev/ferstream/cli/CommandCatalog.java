package dev.ferstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.List;
import java.util.Locale;

/**
 * Every command the {@code ./ferstream} launcher runs, with the jar that holds it and one line saying what it does.
 * Why: the commands live in two jars (training has no Flink, the streaming jobs have no training), yet the user sees
 * one command line; both jars' top-level help print this one list, and each jar's test checks that the subcommands it
 * registers are exactly its entries here, so the list cannot drift from the code.
 */
public final class CommandCatalog {
    /** The jar a command runs in; the launcher dispatches by command name. */
    public enum Jar {
        TRAINING("Training and analysis (batch)"),
        STREAMING("Streaming (Kafka + Flink)"),
        /** Not a jar: the launcher runs deploy/local/cluster.sh, which starts and stops processes by PID. */
        SCRIPT("A real Flink cluster on this machine (separate processes)");

        private final String heading;

        Jar(String heading) {
            this.heading = heading;
        }
    }

    /** One command: its name, its jar, and its one-line summary. */
    public record Entry(String name, Jar jar, String summary) {
    }

    /** In the order help lists them: training first (a model is needed before it can stream). */
    public static final List<Entry> COMMANDS = List.of(
            new Entry("summary", Jar.TRAINING, "An architecture's layers, output shapes and parameter counts"),
            new Entry("train", Jar.TRAINING, "Train a model into a bundle (weights, model.json, metrics.csv)"),
            new Entry("evaluate", Jar.TRAINING, "A bundle's accuracy, per-class metrics and confusion matrix"),
            new Entry("compare", Jar.TRAINING, "Two bundles on the same faces (McNemar): exit 0 if B is better"),
            new Entry("predict", Jar.TRAINING, "Write id,label predictions (the homework's submission format)"),
            new Entry("analyze", Jar.TRAINING, "A bundle's report: training curves, confusion, saliency, filters"),
            new Entry("bench", Jar.TRAINING, "Measure training and inference images/s per architecture"),
            new Entry("recalibrate", Jar.TRAINING, "Recompute a bundle's BatchNorm statistics on its training split"),
            new Entry("export", Jar.TRAINING, "Write a bundle's network as ONNX, checked against DL4J's outputs"),
            new Entry("import", Jar.TRAINING, "Make a bundle from an ONNX model trained elsewhere"),
            new Entry("demo", Jar.STREAMING, "Kafka, Flink and a model in one process: live confusion matrix"),
            new Entry("replay", Jar.STREAMING, "Send faces and, later, their labels into Kafka"),
            new Entry("run", Jar.STREAMING, "Run the streaming job against a real Kafka cluster"),
            new Entry("dashboard", Jar.STREAMING, "Serve the live web view of a job's Kafka topics"),
            new Entry("publish", Jar.STREAMING, "Copy a bundle into the registry and announce it to running jobs"),
            new Entry("models", Jar.STREAMING, "What serves, what shadows, and the history of the models topic"),
            new Entry("promote", Jar.STREAMING, "Make the challenger (or a version) the champion of running jobs"),
            new Entry("rollback", Jar.STREAMING, "Make the previous champion serve again"),
            new Entry("retire", Jar.STREAMING, "Stop shadowing the challenger"),
            new Entry("retrain", Jar.STREAMING, "Fine-tune on stream feedback, publish if it beats the champion"),
            new Entry("cluster", Jar.SCRIPT, "up | submit | status | down: JobManager, TaskManagers, Kafka"));

    private static final String FOOTER = "Run 'ferstream COMMAND --help' for a command's options.";

    private CommandCatalog() {
    }

    /** The names of {@code jar}'s commands, in catalog order. */
    public static List<String> names(Jar jar) {
        return COMMANDS.stream().filter(c -> c.jar() == jar).map(Entry::name).toList();
    }

    /** The command list of the top-level help: every command of both jars, grouped by jar, one line each (80 columns). */
    public static String format() {
        int width = COMMANDS.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 2;
        StringBuilder out = new StringBuilder();
        for (Jar jar : Jar.values()) {
            out.append(jar.heading).append(":").append(System.lineSeparator());
            for (Entry c : COMMANDS) {
                if (c.jar() == jar) {
                    out.append(String.format(Locale.ROOT, "  %-" + width + "s%s%n", c.name(), c.summary()));
                }
            }
        }
        return out.append(FOOTER).append(System.lineSeparator()).toString();
    }

    /** Makes {@code cli}'s top-level help list the catalog instead of only its own subcommands. */
    public static void install(CommandLine cli) {
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "%nCommands:%n".formatted());
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> format());
    }
}
