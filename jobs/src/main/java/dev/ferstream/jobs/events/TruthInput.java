package dev.ferstream.jobs.events;

/** What the labels source emits: exactly one of a valid truth or a rejected record (see {@link FaceInput}). */
public record TruthInput(TruthEvent truth, Rejected rejected) {
    public static TruthInput ok(TruthEvent truth) {
        return new TruthInput(truth, null);
    }

    public static TruthInput bad(Rejected rejected) {
        return new TruthInput(null, rejected);
    }
}
