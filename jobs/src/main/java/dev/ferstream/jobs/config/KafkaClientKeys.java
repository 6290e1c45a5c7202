package dev.ferstream.jobs.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules for Kafka client properties passed through to the job's and the command-line clients' consumers,
 * producers and admin clients (security settings above all): which properties ferstream sets itself and so must not
 * be overridden, and which values are secrets that are never logged. One home, so the job config ({@code kafka.*}
 * keys) and a {@code --kafka-config} file follow the same rules.
 */
public final class KafkaClientKeys {
    /** Job config keys with this prefix are passed to every Kafka client as the property after it. */
    public static final String PREFIX = "kafka.";

    /**
     * Properties ferstream sets itself, with what to do instead. Overriding one would silently break the job's
     * guarantees (read_committed input, transactional output, offsets committed on checkpoints) or its decoding.
     */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("bootstrap.servers", "use bootstrap.servers instead"),
            Map.entry("group.id", "use group.id instead"),
            Map.entry("auto.offset.reset", "use source.starting-offsets instead"),
            Map.entry("isolation.level", "the job always reads read_committed"),
            Map.entry("enable.auto.commit", "the job commits offsets on checkpoints"),
            Map.entry("transactional.id", "use sink.transactional-id-prefix instead"),
            Map.entry("transaction.timeout.ms", "use sink.transaction-timeout instead"),
            Map.entry("key.serializer", "the job writes Avro single-object bytes"),
            Map.entry("value.serializer", "the job writes Avro single-object bytes"),
            Map.entry("key.deserializer", "the job reads Avro single-object bytes"),
            Map.entry("value.deserializer", "the job reads Avro single-object bytes"));

    private static final String MASK = "***";

    private KafkaClientKeys() {
    }

    /** What to do instead of setting this client property, when ferstream sets it itself; empty otherwise. */
    public static Optional<String> owned(String property) {
        return Optional.ofNullable(OWNED.get(property));
    }

    /**
     * Whether the property's value is a secret: the JAAS line (it holds the password), passwords, secrets, and a
     * PEM private key given inline.
     */
    public static boolean secret(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        return p.endsWith("sasl.jaas.config") || p.contains("password") || p.contains("secret")
                || p.equals("ssl.keystore.key");
    }

    /** The value as it may be shown in logs and errors: {@code ***} for secrets. */
    public static String display(String property, String value) {
        return secret(property) ? MASK : value;
    }

    /** A job config key's value as it may be logged: {@code kafka.*} secrets masked, everything else as is. */
    public static String displayKey(String key, String value) {
        return key.startsWith(PREFIX) ? display(key.substring(PREFIX.length()), value) : value;
    }

    /** Properties as {@code {k=v, ...}} with secrets masked, for toString of the groups that hold them. */
    public static String describe(Map<String, String> properties) {
        StringBuilder out = new StringBuilder("{");
        properties.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append('=').append(display(k, v)));
        return out.append('}').toString();
    }
}
