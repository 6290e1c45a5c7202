package dev.ferstream.jobs.config;

import dev.ferstream.jobs.DurationParser;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requirePositive;

/**
 * Micro-batching of the classifier: one forward pass for many faces amortises DL4J's per-call cost.
 *
 * @param size    1 = classify each face on its own; N &gt; 1 = micro-batches of up to N faces ({@code batch.size})
 * @param timeout the longest a face waits for its micro-batch to fill ({@code batch.timeout})
 */
public record BatchingSettings(int size, Duration timeout) implements Serializable {
    public static final BatchingSettings DEFAULTS = new BatchingSettings(1, Duration.ofMillis(20));

    public BatchingSettings {
        require(size >= 1 && size <= 4096, "batch.size must be 1..4096, got " + size);
        requirePositive(timeout, "batch.timeout");
    }

    public boolean batched() {
        return size > 1;
    }

    static BatchingSettings from(ConfigValues v) {
        return new BatchingSettings(v.integer("batch.size"), v.duration("batch.timeout"));
    }

    void write(Map<String, String> m) {
        m.put("batch.size", Integer.toString(size));
        m.put("batch.timeout", DurationParser.format(timeout));
    }
}
