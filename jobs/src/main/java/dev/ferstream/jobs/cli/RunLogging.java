package dev.ferstream.jobs.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code run}'s one logging exception to the CLI's configuration (ferstream-jobs-log4j2.properties keeps every
 * {@code org.apache.kafka} logger at ERROR, because the demo's embedded broker and its clients warn about the demo's
 * own setup). A long-running job against a real broker must show when it loses the broker and when it has it back:
 * Kafka's {@code NetworkClient} says both, with the broker's address ("Connection to node -1 (localhost/127.0.0.1:9092)
 * could not be established. Node may not be available." at WARN, disconnects at INFO), and the consumer and
 * producer internals say at INFO when the group coordinator or a partition leader is lost and found again. Set
 * here, for {@code run} only, so {@code demo} stays quiet (DemoLogTest).
 */
final class RunLogging {
    static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

    private RunLogging() {
    }

    static void showKafkaConnectionEvents() {
        Configurator.setLevel(NETWORK_CLIENT, Level.INFO);
    }
}
