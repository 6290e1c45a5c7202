package dev.ferstream.jobs.config;

import dev.ferstream.jobs.Delivery;
import dev.ferstream.jobs.DurationParser;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requirePositive;
import static dev.ferstream.jobs.config.Checks.requireText;

/**
 * How output reaches Kafka. The checkpoint interval lives here because exactly-once output becomes visible at
 * checkpoints, and a checkpoint must come before the transaction times out.
 *
 * @param guarantee             Kafka sink guarantee ({@code sink.delivery})
 * @param transactionalIdPrefix prefix of the sinks' transactional ids, unique per job on a cluster ({@code sink.transactional-id-prefix})
 * @param transactionTimeout    Kafka transaction timeout; below the broker's 15 min maximum ({@code sink.transaction-timeout})
 * @param checkpointInterval    checkpoint interval ({@code checkpoint.interval})
 */
public record DeliverySettings(Delivery guarantee, String transactionalIdPrefix, Duration transactionTimeout,
                               Duration checkpointInterval) implements Serializable {
    /** Kafka's default {@code transaction.max.timeout.ms} on the broker (15 min). */
    public static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    public static final DeliverySettings DEFAULTS = new DeliverySettings(Delivery.EXACTLY_ONCE, "ferstream",
            Duration.ofMinutes(10), Duration.ofSeconds(10));

    public DeliverySettings {
        require(guarantee != null, "sink.delivery must be set");
        requireText(transactionalIdPrefix, "sink.transactional-id-prefix must be set");
        requirePositive(transactionTimeout, "sink.transaction-timeout");
        require(transactionTimeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) < 0, "sink.transaction-timeout ("
                + DurationParser.format(transactionTimeout) + ") must be below the broker's transaction.max.timeout.ms (15m)");
        requirePositive(checkpointInterval, "checkpoint.interval");
        require(guarantee != Delivery.EXACTLY_ONCE || checkpointInterval.compareTo(transactionTimeout) < 0,
                "checkpoint.interval must be shorter than sink.transaction-timeout for exactly-once delivery");
    }

    public DeliverySettings withCheckpointInterval(Duration interval) {
        return new DeliverySettings(guarantee, transactionalIdPrefix, transactionTimeout, interval);
    }

    static DeliverySettings from(ConfigValues v) {
        return new DeliverySettings(v.delivery("sink.delivery"), v.str("sink.transactional-id-prefix"),
                v.duration("sink.transaction-timeout"), v.duration("checkpoint.interval"));
    }

    void write(Map<String, String> m) {
        m.put("sink.delivery", ConfigValues.format(guarantee));
        m.put("sink.transactional-id-prefix", transactionalIdPrefix);
        m.put("sink.transaction-timeout", DurationParser.format(transactionTimeout));
        m.put("checkpoint.interval", DurationParser.format(checkpointInterval));
    }
}
