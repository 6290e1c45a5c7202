package dev.ferstream.jobs.config;

import dev.ferstream.jobs.Delivery;
import dev.ferstream.jobs.DurationParser;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requirePositive;
import static dev.ferstream.jobs.config.Checks.requireText;

/**
 * How output reaches Kafka and how the job's state is kept. The checkpoint settings live here because exactly-once
 * output becomes visible at checkpoints, a checkpoint must come before the transaction times out, and a restarted job
 * only continues its windows and its Kafka offsets from a checkpoint that outlived the previous run.
 *
 * @param guarantee             Kafka sink guarantee ({@code sink.delivery})
 * @param transactionalIdPrefix prefix of the sinks' transactional ids, unique per job on a cluster ({@code sink.transactional-id-prefix})
 * @param transactionTimeout    Kafka transaction timeout; below the broker's 15 min maximum ({@code sink.transaction-timeout})
 * @param checkpointInterval    checkpoint interval ({@code checkpoint.interval})
 * @param checkpointDir         where checkpoints are written, any Flink filesystem URI ({@code checkpoint.dir}); empty =
 *                              the JobManager's memory, which dies with the job
 * @param retainedCheckpoints   completed checkpoints kept in {@code checkpointDir} ({@code checkpoint.retained})
 * @param stateBackend          {@code hashmap} (state on the heap) or {@code rocksdb} (state on local disk; needs
 *                              Flink's RocksDB jar, which a Flink distribution has); empty = whatever the Flink
 *                              configuration says, hashmap when it says nothing ({@code state.backend})
 * @param savepointDir          where stop-with-savepoint writes; empty = {@code <checkpoint.dir>/savepoints} ({@code savepoint.dir})
 */
public record DeliverySettings(Delivery guarantee, String transactionalIdPrefix, Duration transactionTimeout,
                               Duration checkpointInterval, String checkpointDir, int retainedCheckpoints,
                               String stateBackend, String savepointDir) implements Serializable {
    /** Kafka's default {@code transaction.max.timeout.ms} on the broker (15 min). */
    public static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    /** The state backends Flink 2.x names in {@code state.backend.type} that this job supports ("": the cluster's). */
    public static final Set<String> STATE_BACKENDS = Set.of("", "hashmap", "rocksdb");
    public static final DeliverySettings DEFAULTS = new DeliverySettings(Delivery.EXACTLY_ONCE, "ferstream",
            Duration.ofMinutes(10), Duration.ofSeconds(10), "", 3, "", "");

    public DeliverySettings {
        require(guarantee != null, "sink.delivery must be set");
        requireText(transactionalIdPrefix, "sink.transactional-id-prefix must be set");
        requirePositive(transactionTimeout, "sink.transaction-timeout");
        require(transactionTimeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) < 0, "sink.transaction-timeout ("
                + DurationParser.format(transactionTimeout) + ") must be below the broker's transaction.max.timeout.ms (15m)");
        requirePositive(checkpointInterval, "checkpoint.interval");
        require(guarantee != Delivery.EXACTLY_ONCE || checkpointInterval.compareTo(transactionTimeout) < 0,
                "checkpoint.interval must be shorter than sink.transaction-timeout for exactly-once delivery");
        checkpointDir = checkpointDir == null ? "" : checkpointDir.trim();
        savepointDir = savepointDir == null ? "" : savepointDir.trim();
        requireDirectory(checkpointDir, "checkpoint.dir");
        requireDirectory(savepointDir, "savepoint.dir");
        require(retainedCheckpoints >= 1, "checkpoint.retained must be >= 1, got " + retainedCheckpoints);
        stateBackend = stateBackend == null ? "" : stateBackend.trim().toLowerCase(Locale.ROOT);
        require(STATE_BACKENDS.contains(stateBackend), "state.backend = '" + stateBackend + "' is not hashmap or rocksdb (or empty: the Flink configuration's)");
    }

    /** The delivery settings of before the state keys: checkpoints in the JobManager's memory, heap state. */
    public DeliverySettings(Delivery guarantee, String transactionalIdPrefix, Duration transactionTimeout,
                            Duration checkpointInterval) {
        this(guarantee, transactionalIdPrefix, transactionTimeout, checkpointInterval, DEFAULTS.checkpointDir,
                DEFAULTS.retainedCheckpoints, DEFAULTS.stateBackend, DEFAULTS.savepointDir);
    }

    public DeliverySettings withCheckpointInterval(Duration interval) {
        return new DeliverySettings(guarantee, transactionalIdPrefix, transactionTimeout, interval, checkpointDir,
                retainedCheckpoints, stateBackend, savepointDir);
    }

    public DeliverySettings withCheckpointDir(String dir) {
        return new DeliverySettings(guarantee, transactionalIdPrefix, transactionTimeout, checkpointInterval, dir,
                retainedCheckpoints, stateBackend, savepointDir);
    }

    /** True when checkpoints go to a filesystem and so outlive the job (and the JVM). */
    public boolean durable() {
        return !checkpointDir.isEmpty();
    }

    /**
     * Where savepoints go: {@code savepoint.dir}, else {@code savepoints} under {@code checkpoint.dir}, else empty
     * (no durable place: a stop then takes no savepoint).
     */
    public String effectiveSavepointDir() {
        if (!savepointDir.isEmpty()) {
            return savepointDir;
        }
        return checkpointDir.isEmpty() ? "" : checkpointDir.replaceAll("/+$", "") + "/savepoints";
    }

    static DeliverySettings from(ConfigValues v) {
        return new DeliverySettings(v.delivery("sink.delivery"), v.str("sink.transactional-id-prefix"),
                v.duration("sink.transaction-timeout"), v.duration("checkpoint.interval"), v.str("checkpoint.dir"),
                v.integer("checkpoint.retained"), v.str("state.backend"), v.str("savepoint.dir"));
    }

    void write(Map<String, String> m) {
        m.put("sink.delivery", ConfigValues.format(guarantee));
        m.put("sink.transactional-id-prefix", transactionalIdPrefix);
        m.put("sink.transaction-timeout", DurationParser.format(transactionTimeout));
        m.put("checkpoint.interval", DurationParser.format(checkpointInterval));
        m.put("checkpoint.dir", checkpointDir);
        m.put("checkpoint.retained", Integer.toString(retainedCheckpoints));
        m.put("state.backend", stateBackend);
        m.put("savepoint.dir", savepointDir);
    }

    /**
     * Empty, or a URI with a scheme ({@code file:///tmp/x}, {@code s3://bucket/x}) or an absolute path. A relative
     * path would resolve against whichever process's working directory, JobManager or client, reads it.
     */
    private static void requireDirectory(String dir, String key) {
        if (dir.isEmpty()) {
            return;
        }
        boolean ok;
        try {
            URI uri = new URI(dir);
            ok = uri.getScheme() != null ? uri.getPath() != null && !uri.getPath().isEmpty() || uri.getAuthority() != null
                    : dir.startsWith("/");
        } catch (URISyntaxException e) {
            ok = false;
        }
        require(ok, key + " = '" + dir + "' is not a filesystem URI such as file:///var/lib/ferstream/checkpoints"
                + " or s3://bucket/checkpoints (or an absolute path)");
    }
}
