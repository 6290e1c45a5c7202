package dev.ferstream.jobs.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One log line when {@code run} loses its Kafka and one when it has it back, with the broker address and how long
 * it was gone. Kafka's clients say the first (NetworkClient: "Connection to node 1 (/127.0.0.1:9092) could not be
 * established", per client and per retry) but never the second at INFO (reconnecting is a DEBUG line), so an
 * operator reading the log could not tell when an outage ended. A daemon thread asks the cluster for its nodes every
 * few seconds, waiting up to twice that for the answer (a loaded machine can be slow), and logs only changes.
 */
final class KafkaWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaWatch.class);

    private final String bootstrapServers;
    private final Duration every;
    private final Admin admin;
    private final Thread thread;

    private KafkaWatch(String bootstrapServers, Duration every) {
        this.bootstrapServers = bootstrapServers;
        this.every = every;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ferstream-run-watch",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) every.toMillis() * 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) every.toMillis() * 2));
        this.thread = new Thread(this::watch, "ferstream-kafka-watch");
        thread.setDaemon(true);
    }

    static KafkaWatch start(String bootstrapServers, Duration every) {
        KafkaWatch watch = new KafkaWatch(bootstrapServers, every);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        boolean up = true;
        long downSince = 0;
        while (!Thread.currentThread().isInterrupted()) {
            String problem = probe();
            if (up && problem != null) {
                downSince = System.nanoTime();
                LOG.warn("Kafka at {} is unreachable ({}); the job retries until it is back", bootstrapServers, problem);
            } else if (!up && problem == null) {
                LOG.info("Kafka at {} is reachable again after {} s", bootstrapServers,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince));
            }
            up = problem == null;
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Null when the cluster answers with its nodes in time, else what went wrong. */
    private String probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) every.toMillis() * 2))
                    .nodes().get(every.toMillis() * 3, TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        admin.close(Duration.ofSeconds(2));
    }
}
