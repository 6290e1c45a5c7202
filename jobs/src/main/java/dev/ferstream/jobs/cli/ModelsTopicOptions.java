package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.config.Topics;
import dev.ferstream.jobs.kafka.ModelsTopic;
import picocli.CommandLine.Option;

import java.util.Properties;

/** Where the models topic is: the options publish, models, promote, rollback and retire share (a picocli mixin). */
final class ModelsTopicOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", required = true,
            description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(names = "--models-topic", paramLabel = "TOPIC", description = "models topic (default: ${DEFAULT-VALUE})")
    String topic = Topics.DEFAULTS.models();

    ModelsTopic topic() {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrapServers);
        return new ModelsTopic(client, topic);
    }
}
