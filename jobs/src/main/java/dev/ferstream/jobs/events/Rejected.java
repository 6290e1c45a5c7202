package dev.ferstream.jobs.events;

import dev.ferstream.avro.DeadLetterReason;

/** An input record that could not be used: where it came from, its raw bytes and why (becomes a DeadLetter). */
public record Rejected(String topic, int partition, long offset, byte[] raw, DeadLetterReason reason, String error,
                       long failedAt) {
}
