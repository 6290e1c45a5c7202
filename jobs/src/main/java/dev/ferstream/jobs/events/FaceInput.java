package dev.ferstream.jobs.events;

/**
 * What the faces source emits: exactly one of a valid face or a rejected record. Decoding in the source's
 * deserializer (instead of a later map) lets the source's watermarks use the face's eventTime per partition, while
 * bad records still flow on to the dead-letter sink instead of failing the job.
 */
public record FaceInput(FaceEvent face, Rejected rejected) {
    public static FaceInput ok(FaceEvent face) {
        return new FaceInput(face, null);
    }

    public static FaceInput bad(Rejected rejected) {
        return new FaceInput(null, rejected);
    }
}
