package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requireText;

/**
 * Where the job reads and writes: the Kafka cluster and how the two sources start.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code bootstrap.servers})
 * @param groupId          consumer group of the faces and labels sources ({@code group.id})
 * @param startingOffsets  earliest, latest, or committed (earliest when none) ({@code source.starting-offsets})
 */
public record KafkaSettings(String bootstrapServers, String groupId, String startingOffsets) implements Serializable {
    public static final KafkaSettings DEFAULTS = new KafkaSettings("localhost:9092", "ferstream", "committed");

    public KafkaSettings {
        requireText(bootstrapServers, "bootstrap.servers must be set");
        requireText(groupId, "group.id must be set");
        require(List.of("earliest", "latest", "committed").contains(startingOffsets),
                "starting-offsets must be earliest, latest or committed, got " + startingOffsets);
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, groupId, startingOffsets);
    }

    static KafkaSettings from(ConfigValues v) {
        return new KafkaSettings(v.str("bootstrap.servers"), v.str("group.id"), v.str("source.starting-offsets"));
    }

    void write(Map<String, String> m) {
        m.put("bootstrap.servers", bootstrapServers);
        m.put("group.id", groupId);
        m.put("source.starting-offsets", startingOffsets);
    }
}
