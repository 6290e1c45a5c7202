package dev.ferstream.jobs.kafka;

import dev.ferstream.jobs.config.KafkaClientKeys;
import dev.ferstream.jobs.config.KafkaSettings;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a client reaches the Kafka cluster: the bootstrap servers and the extra client properties (security above
 * all: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) that every producer, consumer and admin client of a
 * program gets. The one home of these settings for the command-line clients (replay, dashboard, and whatever else
 * talks to Kafka), and the same shape the job's {@link KafkaSettings} hands to its sources and sinks.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param properties       extra client properties, never one ferstream sets itself ({@link KafkaClientKeys#owned})
 */
public record KafkaClientConfig(String bootstrapServers, Map<String, String> properties) implements Serializable {
    public KafkaClientConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers must be set");
        }
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    }

    /** A plaintext cluster without authentication. */
    public static KafkaClientConfig of(String bootstrapServers) {
        return new KafkaClientConfig(bootstrapServers, Map.of());
    }

    /** The job's cluster, as its sources and sinks reach it. */
    public static KafkaClientConfig of(KafkaSettings kafka) {
        return new KafkaClientConfig(kafka.bootstrapServers(), kafka.clientProperties());
    }

    /**
     * The bootstrap servers and a Kafka client properties file (the usual {@code client.properties}), either of
     * which may be missing. A {@code bootstrap.servers} in the file is used when none is given; a property
     * ferstream sets itself is an error naming the file.
     */
    public static KafkaClientConfig load(String bootstrapServers, Path file) {
        Map<String, String> props = file == null ? Map.of() : read(file);
        String servers = bootstrapServers != null ? bootstrapServers : props.get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: give --bootstrap-servers"
                    + (file == null ? "" : " or bootstrap.servers in " + file));
        }
        Map<String, String> extra = new TreeMap<>(props);
        extra.remove("bootstrap.servers");
        for (String p : extra.keySet()) {
            if (KafkaClientKeys.owned(p).isPresent()) {
                throw new IllegalArgumentException("--kafka-config " + file + ": " + p
                        + " is set by ferstream itself; remove it from the file");
            }
        }
        return new KafkaClientConfig(servers, extra);
    }

    /** A Kafka client properties file as a map, values trimmed; a missing or unreadable file is a one-line error. */
    public static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /**
     * The properties of one client: the bootstrap servers, the shared properties, then the client's own settings
     * (serializers, isolation level, ...), which win.
     */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> out = new HashMap<>(properties);
        out.put("bootstrap.servers", bootstrapServers);
        out.putAll(own);
        return out;
    }

    /** The same as {@link #with} for builders that take {@link Properties}. */
    public Properties asProperties(Map<String, ?> own) {
        Properties out = new Properties();
        out.putAll(with(own));
        return out;
    }

    /** {@code security.protocol}, PLAINTEXT when unset. */
    public String securityProtocol() {
        return properties.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
    }

    /** How the client authenticates, for messages: {@code PLAINTEXT}, {@code SSL}, {@code SASL PLAIN}, {@code SASL SCRAM-SHA-512 over SSL}. */
    public String security() {
        String protocol = securityProtocol();
        if (!protocol.startsWith("SASL_")) {
            return protocol;
        }
        String mechanism = properties.getOrDefault("sasl.mechanism", "GSSAPI").toUpperCase(Locale.ROOT);
        return "SASL " + mechanism + (protocol.equals("SASL_SSL") ? " over SSL" : "");
    }

    /** Secrets masked: a record's default toString would print the JAAS line with its password. */
    @Override
    public String toString() {
        return "KafkaClientConfig[bootstrapServers=" + bootstrapServers + ", properties="
                + KafkaClientKeys.describe(properties) + "]";
    }
}
