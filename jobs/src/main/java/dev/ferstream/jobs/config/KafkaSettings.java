package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requireText;

/**
 * Where the job reads and writes: the Kafka cluster, how the two sources start, and the client properties (security
 * above all) that every source and sink gets.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code bootstrap.servers})
 * @param groupId          consumer group of the faces and labels sources ({@code group.id})
 * @param startingOffsets  earliest, latest, or committed (earliest when none) ({@code source.starting-offsets})
 * @param clientProperties Kafka client properties passed to every source and sink, e.g. {@code security.protocol},
 *                         {@code sasl.jaas.config}, {@code ssl.truststore.location} ({@code kafka.<property>});
 *                         never one the job sets itself ({@link KafkaClientKeys#owned})
 */
public record KafkaSettings(String bootstrapServers, String groupId, String startingOffsets,
                            Map<String, String> clientProperties) implements Serializable {
    public static final KafkaSettings DEFAULTS = new KafkaSettings("localhost:9092", "ferstream", "committed");

    public KafkaSettings {
        requireText(bootstrapServers, "bootstrap.servers must be set");
        requireText(groupId, "group.id must be set");
        require(List.of("earliest", "latest", "committed").contains(startingOffsets),
                "starting-offsets must be earliest, latest or committed, got " + startingOffsets);
        require(clientProperties != null, "kafka client properties must be set (empty for none)");
        clientProperties.forEach(KafkaSettings::checkClientProperty);
        // sorted: the start-up log and the written keys list them in a stable order; a TreeMap is serializable
        clientProperties = Collections.unmodifiableSortedMap(new TreeMap<>(clientProperties));
    }

    /** No extra client properties (a plaintext cluster without authentication). */
    public KafkaSettings(String bootstrapServers, String groupId, String startingOffsets) {
        this(bootstrapServers, groupId, startingOffsets, Map.of());
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, groupId, startingOffsets, clientProperties);
    }

    /** These client properties instead of the current ones. */
    public KafkaSettings withClientProperties(Map<String, String> properties) {
        return new KafkaSettings(bootstrapServers, groupId, startingOffsets, properties);
    }

    /** Whether a job config key is a client property ({@code kafka.<property>}), which the fixed key set does not list. */
    public static boolean isClientKey(String key) {
        return key.startsWith(KafkaClientKeys.PREFIX);
    }

    private static void checkClientProperty(String property, String value) {
        String key = KafkaClientKeys.PREFIX + property;
        require(property != null && !property.isBlank() && property.strip().equals(property),
                "'" + key + "' does not name a Kafka client property");
        KafkaClientKeys.owned(property).ifPresent(instead ->
                require(false, key + " is the job's own setting; " + instead));
        require(value != null, key + " has no value");
    }

    static KafkaSettings from(ConfigValues v) {
        return new KafkaSettings(v.str("bootstrap.servers"), v.str("group.id"), v.str("source.starting-offsets"),
                v.prefixed(KafkaClientKeys.PREFIX));
    }

    void write(Map<String, String> m) {
        m.put("bootstrap.servers", bootstrapServers);
        m.put("group.id", groupId);
        m.put("source.starting-offsets", startingOffsets);
        clientProperties.forEach((k, v) -> m.put(KafkaClientKeys.PREFIX + k, v));
    }

    /** Secrets masked: a record's default toString would print the JAAS line with its password. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", startingOffsets="
                + startingOffsets + ", clientProperties=" + KafkaClientKeys.describe(clientProperties) + "]";
    }
}
