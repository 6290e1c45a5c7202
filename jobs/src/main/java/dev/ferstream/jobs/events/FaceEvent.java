package dev.ferstream.jobs.events;

/** A valid face: its id, event time (epoch ms) and 2,304 grey pixels. */
public record FaceEvent(String id, long eventTime, byte[] pixels) {
}
