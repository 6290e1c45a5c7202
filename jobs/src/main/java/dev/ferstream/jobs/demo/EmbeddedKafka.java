package dev.ferstream.jobs.demo;

import dev.ferstream.jobs.kafka.KafkaClientConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka (combined broker + controller) in this JVM, for the demo and the integration tests: no
 * Docker, no ZooKeeper, ready in about 3 s. Internal topics get replication factor 1 (the defaults of 3 cannot be met
 * by one node, and transactions would never start) and few partitions (faster start). {@link #startWithSasl} gives
 * it a client listener that wants a user and password, for the tests of credentials.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The test kit's name for the broker's client listener (its controller listener is CONTROLLER). */
    private static final String CLIENT_LISTENER = "EXTERNAL";
    /** The combined broker + controller node's id in the test kit. */
    private static final int NODE_ID = 0;

    private final KafkaClusterTestKit cluster;
    private final Map<String, String> clientProperties;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, String> clientProperties) {
        this.cluster = cluster;
        this.clientProperties = clientProperties;
    }

    /** A plaintext broker without authentication. */
    public static EmbeddedKafka start() {
        return start(Map.of(), Map.of());
    }

    /**
     * A broker whose client listener is SASL_PLAINTEXT with the PLAIN mechanism and one user, as a secured cluster
     * would be; the controller listener stays PLAINTEXT. The broker's JAAS settings are a listener property
     * ({@code listener.name.external.plain.sasl.jaas.config}), not a JAAS file or a System property, so brokers and
     * clients with other credentials can share the JVM. The same user is the broker's own identity between its
     * listeners (transaction markers go through the client listener). Clients: {@link #client()}.
     */
    public static EmbeddedKafka startWithSasl(String user, String password) {
        String lower = CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT);
        Map<String, String> broker = Map.of(
                "listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                // user_NAME="PASSWORD" is the account PLAIN accepts; username/password the broker's own identity
                "listener.name." + lower + ".plain.sasl.jaas.config",
                plainJaas(user, password, " user_" + user + "=\"" + password + "\""));
        return start(broker, saslClient(user, password));
    }

    /** The client properties of a SASL_PLAINTEXT / PLAIN user. */
    public static Map<String, String> saslClient(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", plainJaas(user, password, ""));
    }

    /** PLAIN's JAAS line; the user becomes part of an option name (user_NAME), the password is quoted. */
    private static String plainJaas(String user, String password, String moreOptions) {
        if (user == null || !user.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("SASL user must be letters, digits, '.', '_' or '-', got '" + user + "'");
        }
        if (password == null || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
            throw new IllegalArgumentException("SASL password must be set, without quotes or backslashes");
        }
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\"" + moreOptions + ";";
    }

    private static EmbeddedKafka start(Map<String, String> brokerOverrides, Map<String, String> clientProperties) {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                    // per node, because the kit sets the protocol map after its general properties
                    .setPerServerProperties(Map.of(NODE_ID, brokerOverrides)).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    // abort transactions past their timeout within 2 s instead of 10 (a failed attempt's leftovers)
                    .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster, clientProperties);
            kafka.awaitGroupCoordinator();
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka broker did not start: " + e, e);
        }
    }

    /**
     * Formats the storage with Kafka's storage formatter, which prints its bootstrap metadata (one ~700-character
     * line) and the directory it formats to {@code System.out}; the test kit offers no way to pass it another stream.
     * The lines are kept and only shown when formatting fails. Called once, before any other thread of ours prints.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } catch (Exception e) {
            console.print(captured.toString(StandardCharsets.UTF_8));
            throw e;
        } finally {
            System.setOut(console);
        }
    }

    /**
     * Waits until the group coordinator answers (its first lookup creates {@code __consumer_offsets}), so the job's
     * first offset commit on a checkpoint does not fail with "coordinator not available" and log a warning with a
     * stack trace.
     */
    private void awaitGroupCoordinator() {
        try (Admin admin = Admin.create(client().with(Map.of()))) {
            admin.listConsumerGroupOffsets("ferstream-coordinator-probe").partitionsToOffsetAndMetadata()
                    .get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the group coordinator", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the embedded broker's group coordinator did not start: " + e, e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** How a client reaches this broker: its address, and the SASL settings when it was started with a user. */
    public KafkaClientConfig client() {
        return new KafkaClientConfig(bootstrapServers(), clientProperties);
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition has a leader: producing into a
     * partition whose leader is not yet known gets retried, and an idempotent producer that retries right after
     * creation was seen to end in OutOfOrderSequenceException loops on a loaded machine.
     */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(client().with(Map.of()))) {
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!allLed(admin, names, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + names + " have no leader after 60 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + names + ": " + e, e);
        }
    }

    /**
     * Whether every partition of the topics has a leader and an in-sync replica. A topic the controller has just
     * created can still be unknown to the broker answering (its metadata not yet propagated): that counts as not ready,
     * not as an error.
     */
    private static boolean allLed(Admin admin, Collection<String> names, int partitions)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            return admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
                    .allMatch(t -> t.partitions().size() == partitions
                            && t.partitions().stream().allMatch(p -> p.leader() != null && !p.isr().isEmpty()));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not shut down cleanly: " + e, e);
        }
    }
}
