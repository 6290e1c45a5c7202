package dev.ferstream.jobs.events;

/** One face both models scored, with its truth: who was right. What the promotion gate counts. */
public record PairedVerdict(String id, String championVersion, String challengerVersion, boolean championRight,
                            boolean challengerRight, long time) {
}
