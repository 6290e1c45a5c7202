package dev.ferstream.jobs.functions;

import dev.ferstream.avro.DeadLetterReason;
import dev.ferstream.jobs.events.Rejected;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Counting and routing of rejected input, shared by the two routing functions: metric {@code dead_letters} (total)
 * and {@code reason_dead_letters{reason=...}} per {@link DeadLetterReason}.
 */
final class DeadLetters {
    static final OutputTag<Rejected> TAG = new OutputTag<>("dead-letters") {
    };

    private final Counter total;
    private final Map<DeadLetterReason, Counter> byReason = new EnumMap<>(DeadLetterReason.class);

    DeadLetters(MetricGroup group) {
        total = group.counter("dead_letters");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            byReason.put(reason, group.addGroup("reason", reason.name()).counter("dead_letters"));
        }
    }

    void route(Rejected rejected, BiConsumer<OutputTag<Rejected>, Rejected> output) {
        total.inc();
        byReason.get(rejected.reason()).inc();
        output.accept(TAG, rejected);
    }
}
