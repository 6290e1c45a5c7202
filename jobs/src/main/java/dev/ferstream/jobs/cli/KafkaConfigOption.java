package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.config.KafkaClientKeys;
import dev.ferstream.jobs.config.KafkaSettings;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import dev.ferstream.jobs.kafka.KafkaStartCheck;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --kafka-config FILE}: a Kafka client properties file (the usual {@code client.properties}:
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) for every Kafka client a command creates. A picocli mixin,
 * so each command that talks to Kafka adds the same option with the same meaning.
 */
public final class KafkaConfigOption {
    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*; bootstrap.servers optional)")
    Path file;

    /** The file, or null when the option was not given. */
    public Path file() {
        return file;
    }

    /**
     * A command-line client's cluster: {@code --bootstrap-servers} (or the file's {@code bootstrap.servers}) and the
     * file's properties, checked against the broker before the command does anything with it.
     */
    public KafkaClientConfig connect(String bootstrapServers) {
        KafkaClientConfig client = KafkaClientConfig.load(bootstrapServers, file);
        KafkaStartCheck.verify(client, KafkaStartCheck.Settings.CLIENT_FILE);
        return client;
    }

    /**
     * The job config under the file's settings: its properties become {@code kafka.*} keys, its
     * {@code bootstrap.servers} the job's. Applied to the base, so {@code --config} and {@code -D} still override it.
     */
    public JobConfig over(JobConfig base) {
        if (file == null) {
            return base;
        }
        Map<String, String> props = new TreeMap<>(KafkaClientConfig.read(file));
        String servers = props.remove("bootstrap.servers");
        for (String p : props.keySet()) {
            KafkaClientKeys.owned(p).ifPresent(instead -> {
                throw new IllegalArgumentException("--kafka-config " + file + ": " + p + " is the job's own setting; " + instead);
            });
        }
        Map<String, String> merged = new TreeMap<>(base.kafka().clientProperties());
        merged.putAll(props);
        KafkaSettings kafka = base.kafka().withClientProperties(merged);
        return base.withKafka(servers == null ? kafka : kafka.withBootstrapServers(servers));
    }
}
