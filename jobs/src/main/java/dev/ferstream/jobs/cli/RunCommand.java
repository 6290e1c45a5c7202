package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.kafka.KafkaStartCheck;
import dev.ferstream.jobs.state.RestorePoint;
import dev.ferstream.jobs.state.SavepointOnShutdown;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code run}: the production job against a real Kafka, on a MiniCluster in this JVM. State goes to
 * {@code checkpoint.dir}; {@code --from-savepoint}/{@code --resume-latest} pick where to start from; SIGTERM stops
 * the job with a savepoint; Prometheus metrics on {@code --metrics-host:--metrics-port}. On a cluster the same
 * options reach {@link FerstreamJob#main} through {@link #parseCommand} ({@code flink run ferstream-jobs-flink.jar
 * run --config job.properties}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the streaming job against a real Kafka (under `flink run`, or locally).")
public final class RunCommand implements Callable<Integer> {
    /** How long SIGTERM waits for the savepoint before the JVM exits anyway. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** How often {@link KafkaWatch} asks the broker whether it is there (3 s gave a false alarm on a loaded machine). */
    static final Duration KAFKA_PROBE_INTERVAL = Duration.ofSeconds(5);

    @Mixin
    JobOptions job;
    /** Kafka credentials and other client settings, merged under the kafka.* keys (see KafkaConfigOption). */
    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "start from this savepoint or retained checkpoint (a directory with _metadata; local path or URI)")
    String fromSavepoint;

    @Option(names = "--resume-latest",
            description = "start from the newest retained checkpoint or savepoint under checkpoint.dir (fresh when there is none)")
    boolean resumeLatest;

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "9249",
            description = "Prometheus metrics port (default: ${DEFAULT-VALUE}; 0 = off; local runs only)")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = BoundPrometheusReporterFactory.DEFAULT_HOST,
            description = "address the metrics listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 = every interface)")
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        JobConfig config = jobConfig();
        KafkaStartCheck.verify(config.kafka()); // one line, not a restart loop
        RunLogging.showKafkaConnectionEvents();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                LocalEndpoints.loopback(MetricsReporter.settings(metricsHost, metricsPort)));
        RestorePoint.apply(env, restorePoint().resolve(config.delivery(), System.err));
        FerstreamJob streaming = new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config));
        if (!(env instanceof LocalStreamEnvironment)) {
            streaming.execute(env); // inside a cluster's client: the cluster stops the job
            return 0;
        }
        requireStateBackend(config.delivery().stateBackend());
        JobClient client = streaming.start(env);
        if (metricsPort != 0) {
            System.err.println("metrics: http://" + metricsHost + ":" + metricsPort + "/metrics");
        }
        new SavepointOnShutdown(client, config.delivery().effectiveSavepointDir(), STOP_TIMEOUT, System.err).install();
        try (KafkaWatch watch = KafkaWatch.start(config.kafka().bootstrapServers(), KAFKA_PROBE_INTERVAL)) {
            client.getJobExecutionResult().get();
        }
        return 0;
    }

    /** The job configuration: the file, then the -D overrides, over the job's defaults. */
    public JobConfig jobConfig() {
        return job.config(kafkaConfig.over(JobConfig.DEFAULTS));
    }

    /** Where the job starts from, as the options say. */
    public RestorePoint restorePoint() {
        return new RestorePoint(fromSavepoint, resumeLatest);
    }

    /**
     * A Flink distribution has the RocksDB backend; this CLI's class path does not (a large native jar), so a local
     * run that asks for it gets one line instead of Flink's stack trace at the first checkpoint.
     */
    private static void requireStateBackend(String backend) {
        if (!backend.equals("rocksdb")) {
            return;
        }
        try {
            Class.forName("org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackendFactory");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("state.backend=rocksdb: Flink's RocksDB backend (flink-statebackend-rocksdb)"
                    + " is not on this CLI's class path; use hashmap for `ferstream run`, rocksdb on a cluster");
        }
    }

    /**
     * The job config from {@code run}'s arguments, for the cluster entry point ({@link FerstreamJob#main}), so
     * {@code flink run} and {@code ferstream run} accept exactly the same options. A leading {@code run} (the
     * subcommand's name) is skipped.
     */
    public static JobConfig parse(String... args) {
        return parseCommand(args).jobConfig();
    }

    /** {@code run}'s arguments, parsed (job config, restore options); errors are one line with the usage. */
    public static RunCommand parseCommand(String... args) {
        String[] options = args.length > 0 && args[0].equals("run") ? Arrays.copyOfRange(args, 1, args.length) : args;
        RunCommand command = new RunCommand();
        try {
            new CommandLine(command).parseArgs(options);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + "; usage: [run] [--config FILE] [-D KEY=VALUE | --set KEY=VALUE]... [--from-savepoint PATH | --resume-latest]"
                    + " (keys: " + JobConfig.KEYS + ")");
        }
        return command;
    }
}
