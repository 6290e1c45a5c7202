package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.kafka.KafkaStartCheck;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code run}: the production job against a real Kafka; this is what {@code flink run ferstream-jobs-flink.jar run
 * --config job.properties} executes on a cluster (or a local MiniCluster when started outside Flink).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the streaming job against a real Kafka (under `flink run`, or locally).")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;
    /** Kafka credentials and other client settings, merged under the kafka.* keys (see KafkaConfigOption). */
    @Mixin
    KafkaConfigOption kafkaConfig;

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.config(kafkaConfig.over(JobConfig.DEFAULTS));
        KafkaStartCheck.verify(config.kafka()); // one line, not a restart loop
        new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment(LocalEndpoints.loopback(new Configuration())));
        return 0;
    }

    /**
     * The job config from {@code run}'s arguments, for the cluster entry point ({@link FerstreamJob#main}), so
     * {@code flink run} and {@code ferstream run} accept exactly the same options. A leading {@code run} (the
     * subcommand's name) is skipped.
     */
    public static JobConfig parse(String... args) {
        String[] options = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
        RunCommand command = new RunCommand();
        try {
            new CommandLine(command).parseArgs(options);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + "; usage: [run] [--config FILE] [-D KEY=VALUE | --set KEY=VALUE]... (keys: " + JobConfig.KEYS + ")");
        }
        return command.job.config(command.kafkaConfig.over(JobConfig.DEFAULTS));
    }
}
