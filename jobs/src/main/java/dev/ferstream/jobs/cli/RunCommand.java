package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code run}: the production job against a real Kafka; this is what {@code flink run ferstream-jobs-flink.jar run
 * --config job.properties} executes on a cluster (or a local MiniCluster when started outside Flink).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the streaming job against a real Kafka (under `flink run`, or locally).")
final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.config(Map.of());
        new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        return 0;
    }
}
