package dev.ferstream.avro;

/**
 * An input record that cannot be used, with a machine-readable reason. Thrown by {@link SingleObjectCodec} and the
 * validators so the stream job can route the raw bytes to the dead-letter topic with the reason instead of failing.
 */
public final class RecordRejectedException extends RuntimeException {
    private final DeadLetterReason reason;

    public RecordRejectedException(DeadLetterReason reason, String message) {
        this(reason, message, null);
    }

    public RecordRejectedException(DeadLetterReason reason, String message, Throwable cause) {
        super(message, cause, false, false); // no stack trace: rejections are data, not bugs, and can be frequent
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
