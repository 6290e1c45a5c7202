package dev.ferstream.jobs.registry;

/** A registry version that cannot be published, found or trusted; the message is one line naming it and the problem. */
public final class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
