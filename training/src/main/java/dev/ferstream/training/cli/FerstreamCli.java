package dev.ferstream.training.cli;

import dev.ferstream.cli.CommandCatalog;
import dev.ferstream.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferstream} command line's training side (the {@code ./ferstream} launcher sends the streaming commands to
 * the jobs jar, and help, {@code -h} and no arguments here). Each subcommand is a small class that wires model-lib
 * pieces together; expected failures (bad data, bad bundle, bad option) print one clear line instead of a stack trace.
 * The top-level help lists the commands of both jars ({@link CommandCatalog}).
 */
@Command(name = "ferstream", mixinStandardHelpOptions = true, version = "ferstream 0.1.0",
        description = "Facial-expression recognition on FER2013: train and evaluate in batch, classify in a stream.",
        subcommands = {TrainCommand.class, RecalibrateCommand.class, EvaluateCommand.class, CompareCommand.class, PredictCommand.class, SummaryCommand.class,
                BenchCommand.class, AnalyzeCommand.class, ExportCommand.class, ImportCommand.class, CommandLine.HelpCommand.class})
public final class FerstreamCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr()); // no command given: the list of commands, on stderr
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FerstreamCli());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        CommandCatalog.install(cli);
        return cli;
    }
}
