package dev.ferstream.jobs.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the lifecycle topics a job needs when they are missing (brokers often disable auto-creation): the models
 * topic, model-events and shadow-predictions are new to existing deployments, and a job should not fail a minute into
 * its first swap because one was never created.
 */
public final class TopicAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicAdmin() {
    }

    /** Creates the topic unless it exists; returns its description either way. */
    public static TopicDescription ensure(Properties client, NewTopic topic) {
        try (Admin admin = Admin.create(client)) {
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure(client, topic.name(), "cannot create", e.getCause());
                }
            }
            return describe(admin, topic.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(client, topic.name(), "interrupted while checking", e);
        } catch (ExecutionException | TimeoutException e) {
            throw failure(client, topic.name(), "cannot describe", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /**
     * The topic's description; a topic the controller has just created can still be unknown to the broker that
     * answers (its metadata not yet propagated), so that is asked again until the timeout.
     */
    private static TopicDescription describe(Admin admin, String name)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(List.of(name)).allTopicNames()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    static IllegalStateException failure(Properties client, String topic, String what, Throwable cause) {
        return new IllegalStateException(what + " topic " + topic + " at " + client.getProperty("bootstrap.servers")
                + ": " + cause.getMessage(), cause);
    }
}
