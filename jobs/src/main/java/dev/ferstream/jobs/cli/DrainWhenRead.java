package dev.ferstream.jobs.cli;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ends a demo job with unbounded sources (with the promotion gate, its decisions must come back through the models
 * topic while it runs). Its Kafka sources commit their offsets to the job's consumer group on every checkpoint; once
 * the replay has finished and the committed offsets of faces and labels have reached the plan's end offsets, the job
 * has read every record, and it is stopped with a savepoint with drain, which ends the input and event time so every
 * window and timer fires, as when a bounded job ends by itself; the job then finishes with its accumulators.
 */
final class DrainWhenRead implements AutoCloseable {
    /** After the replay, how long to wait for the committed offsets before stopping anyway. */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    private final Admin admin;
    private final String groupId;
    private final Map<TopicPartition, Long> ends;
    private final Path savepoints;
    private final PrintStream err;
    private long replayDoneAt;
    private CompletableFuture<String> stopping;

    /**
     * @param ends       per partition of faces and labels, the offset after the last planned record
     * @param savepoints where the final savepoint goes
     */
    DrainWhenRead(String bootstrapServers, String groupId, Map<TopicPartition, Long> ends, Path savepoints,
                  PrintStream err) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.groupId = groupId;
        this.ends = Map.copyOf(ends);
        this.savepoints = savepoints;
        this.err = err;
    }

    /** Stops the job (once) when the replay is done and its records are read; true on the look that asks it. */
    boolean check(JobClient client, boolean replayDone) throws InterruptedException {
        if (stopping != null && stopping.isCompletedExceptionally()) {
            client.cancel();
            throw new IllegalStateException("stopping the job with a savepoint failed: " + failure(stopping));
        }
        if (stopping != null || !replayDone) {
            return false;
        }
        if (replayDoneAt == 0) {
            replayDoneAt = System.nanoTime();
        }
        Map<TopicPartition, Long> behind = behind();
        boolean read = behind != null && behind.isEmpty();
        if (!read && System.nanoTime() - replayDoneAt < PATIENCE.toNanos()) {
            return false;
        }
        if (!read) {
            err.println("demo: after " + PATIENCE.toSeconds() + " s the job had not committed every planned offset "
                    + "(" + (behind == null ? "the broker did not answer" : "committed where short: " + behind)
                    + "); stopping it anyway");
        }
        stopping = client.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL);
        return true;
    }

    /**
     * The partitions whose committed offset is short of its end, with what is committed (-1: nothing yet); null when
     * the broker did not answer in time.
     */
    Map<TopicPartition, Long> behind() throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null; // asked again on the next look
        }
        Map<TopicPartition, Long> behind = new HashMap<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            long at = c == null ? -1 : c.offset();
            if (end > 0 && at < end) {
                behind.put(tp, at);
            }
        });
        return behind;
    }

    private static String failure(CompletableFuture<String> failed) throws InterruptedException {
        try {
            failed.get();
            return "no failure";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
