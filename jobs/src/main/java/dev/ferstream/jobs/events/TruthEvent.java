package dev.ferstream.jobs.events;

/** A valid ground-truth label (0..6) for a face id; eventTime is when the label became known. */
public record TruthEvent(String id, int label, long eventTime) {
}
