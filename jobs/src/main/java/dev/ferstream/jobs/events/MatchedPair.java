package dev.ferstream.jobs.events;

/** A prediction joined with its ground truth in time; the unit the confusion windows count. */
public record MatchedPair(String id, int actual, int predicted, String modelVersion, long faceTime, long truthTime) {
    public boolean correct() {
        return actual == predicted;
    }
}
