package dev.ferstream.jobs.cli;

import dev.ferstream.cli.CommandCatalog;
import dev.ferstream.cli.OneLineErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The streaming side's command line ({@code ferstream demo|replay|run|dashboard}). A separate entry point from the training CLI
 * so the training module does not depend on Flink and Kafka; the {@code ./ferstream} launcher routes these
 * subcommands here. Expected failures print one line instead of a stack trace. Its top-level help, like the training
 * side's, lists the commands of both jars ({@link CommandCatalog}).
 */
@Command(name = "ferstream", mixinStandardHelpOptions = true, version = "ferstream jobs 0.1.0",
        description = "Classify faces in a stream: Kafka + Flink job, embedded demo, replay producer.",
        subcommands = {DemoCommand.class, ReplayCommand.class, RunCommand.class, DashboardCommand.class, PublishCommand.class,
                ModelsCommand.class, DecisionCommands.Promote.class, DecisionCommands.Rollback.class,
                DecisionCommands.Retire.class, RetrainCommand.class, CommandLine.HelpCommand.class})
public final class JobsCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr()); // no command given: the list of commands, on stderr
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j.configurationFile") == null && System.getProperty("log4j2.configurationFile") == null) {
            // before the first logger: the embedded broker's jar carries a log4j2.yaml that would otherwise win
            System.setProperty("log4j.configurationFile", "ferstream-jobs-log4j2.properties");
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new JobsCli());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        CommandCatalog.install(cli);
        return cli;
    }
}
