package dev.ferstream.jobs.kafka;

import dev.ferstream.jobs.config.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the cluster who it is ({@code describeCluster}, with the same properties the program's clients use) before
 * anything is built, so a wrong password, a missing security setting or a dead broker is one line at start instead
 * of a job that restarts forever or a client that retries in silence. Kafka clients retry most failures until
 * their timeouts; authentication failures are the exception (fatal at once), and a plaintext client at a SASL or SSL
 * listener sees only dropped connections, so a timeout is told apart by whether the port accepts connections at all.
 */
public final class KafkaStartCheck {
    /** Long enough for a broker that is still electing its controller, short enough to fail visibly at start. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaClientConfig client;
    private final Settings settings;

    private KafkaStartCheck(KafkaClientConfig client, Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * Where a program's client settings come from, so the error says what to set: the job's {@code kafka.*} keys
     * (and {@code --kafka-config}), or only a {@code --kafka-config} file (the command-line clients).
     */
    public enum Settings {
        JOB_KEYS, CLIENT_FILE;

        /** "set kafka.a or --kafka-config", "set kafka.a and kafka.b, or --kafka-config", "set a in --kafka-config FILE". */
        String set(String... properties) {
            if (this == CLIENT_FILE) {
                return "set " + list(Arrays.asList(properties)) + " in --kafka-config FILE";
            }
            return "set " + list(Arrays.stream(properties).map(p -> "kafka." + p).toList())
                    + (properties.length > 1 ? "," : "") + " or --kafka-config";
        }

        private static String list(List<String> names) {
            return names.size() == 1 ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }
    }

    /** The job's cluster, with its {@code kafka.*} client properties: throws unless it answers within {@link #TIMEOUT}. */
    public static void verify(KafkaSettings kafka) {
        verify(KafkaClientConfig.of(kafka), Settings.JOB_KEYS);
    }

    /** Throws a one-line {@link KafkaAccessException} unless the cluster answers within {@link #TIMEOUT}. */
    public static void verify(KafkaClientConfig client, Settings settings) {
        verify(client, settings, TIMEOUT);
    }

    public static void verify(KafkaClientConfig client, Settings settings, Duration timeout) {
        new KafkaStartCheck(client, settings).run(timeout);
    }

    private void run(Duration timeout) {
        int ms = (int) timeout.toMillis();
        Admin admin;
        try {
            admin = Admin.create(client.with(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000,
                    AdminClientConfig.CLIENT_ID_CONFIG, "ferstream-start-check")));
        } catch (KafkaException e) {
            throw fail("client settings rejected: " + rootMessage(e), settings.set("security.protocol", "sasl.mechanism", "sasl.jaas.config"));
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId()
                    .get(ms + 5_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw explain(e.getCause(), timeout);
        } catch (TimeoutException e) {
            throw explain(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while checking the cluster", "try again");
        } finally {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private KafkaAccessException explain(Throwable cause, Duration timeout) {
        if (cause instanceof AuthenticationException) {
            return fail("authentication failed (" + client.security() + "): " + cause.getMessage(),
                    client.securityProtocol().contains("SASL") ? settings.set("sasl.jaas.config")
                            : settings.set("ssl.truststore.location", "ssl.keystore.location"));
        }
        if (cause instanceof AuthorizationException) {
            return fail("not authorized (" + client.security() + "): " + cause.getMessage(),
                    "grant this user access to the cluster, or " + settings.set("sasl.jaas.config"));
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return timedOut(timeout);
        }
        return fail(cause.getClass().getSimpleName() + ": " + cause.getMessage(), "check the Kafka client settings");
    }

    /** No answer in time: nothing listening, or a listener that speaks another security protocol. */
    private KafkaAccessException timedOut(Duration timeout) {
        String within = " within " + timeout.toSeconds() + " s";
        if (!anyPortOpen()) {
            return fail("unreachable: nothing accepts connections there (broker down or wrong address)",
                    "check bootstrap.servers");
        }
        if (client.securityProtocol().equals("PLAINTEXT")) {
            return fail("no Kafka answer over PLAINTEXT" + within + " although the port accepts connections: "
                    + "the listener probably requires authentication (SASL or SSL)",
                    settings.set("security.protocol", "sasl.mechanism", "sasl.jaas.config"));
        }
        return fail("no Kafka answer over " + client.securityProtocol() + within
                        + " although the port accepts connections: is it a listener of another security protocol?",
                settings.set("security.protocol"));
    }

    private boolean anyPortOpen() {
        for (String server : client.bootstrapServers().split(",")) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))), 2000);
                return true;
            } catch (IOException | RuntimeException e) {
                // this one does not answer; try the next
            }
        }
        return false;
    }

    private KafkaAccessException fail(String what, String remedy) {
        return new KafkaAccessException("kafka at " + client.bootstrapServers() + ": " + what + "; " + remedy);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
