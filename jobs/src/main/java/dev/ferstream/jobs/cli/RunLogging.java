package dev.ferstream.jobs.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.filter.BurstFilter;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code run}'s one logging exception to the CLI's configuration (ferstream-jobs-log4j2.properties keeps every
 * {@code org.apache.kafka} logger at ERROR, because the demo's embedded broker and its clients warn about the demo's
 * own setup). A long-running job against a real broker must show when it loses the broker: Kafka's
 * {@code NetworkClient} says so at WARN with the address ("Connection to node 1 (/127.0.0.1:9092) could not be
 * established. Node may not be available.", "Bootstrap broker 127.0.0.1:9092 ... disconnected"), once per client and
 * retry: about 20 lines a second with the job's seven clients, so a burst filter lets the first 10 through and then
 * one every 5 s. Its INFO lines add nothing an operator needs ("Node -1 disconnected." without an address) and it
 * has no INFO line for a reconnect, so WARN it is, and {@link KafkaWatch} says when the broker is back. Set here, for
 * {@code run} only, so {@code demo} stays quiet (DemoLogTest).
 */
final class RunLogging {
    static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

    private RunLogging() {
    }

    static void showKafkaConnectionEvents() {
        Configurator.setLevel(NETWORK_CLIENT, Level.WARN);
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            LoggerConfig networkClient = context.getConfiguration().getLoggerConfig(NETWORK_CLIENT);
            networkClient.addFilter(BurstFilter.newBuilder().setLevel(Level.WARN).setRate(0.2f).setMaxBurst(10).build());
            context.updateLoggers();
        }
    }
}
