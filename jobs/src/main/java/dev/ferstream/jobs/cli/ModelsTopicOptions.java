package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.config.Topics;
import dev.ferstream.jobs.kafka.ModelsTopic;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;


/**
 * Where the models topic is and how to reach it: the options publish, models, promote, rollback and retire share (a
 * picocli mixin), including {@code --kafka-config} for a cluster that wants credentials.
 */
final class ModelsTopicOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (or bootstrap.servers in --kafka-config)")
    String bootstrapServers;

    @Mixin
    KafkaConfigOption kafkaConfig;

    @Option(names = "--models-topic", paramLabel = "TOPIC", description = "models topic (default: ${DEFAULT-VALUE})")
    String topic = Topics.DEFAULTS.models();

    /** The topic on the cluster, after the broker has answered with these settings (one line if it does not). */
    ModelsTopic topic() {
        return new ModelsTopic(kafkaConfig.connect(bootstrapServers).asProperties(java.util.Map.of()), topic);
    }
}
