package dev.ferstream.jobs.kafka;

/**
 * The Kafka cluster cannot be used with the settings given (unreachable, authentication or authorization failed):
 * a problem the user fixes in the command line or the config, so an {@link IllegalArgumentException} and printed as
 * one line by the command line's error handler.
 */
public final class KafkaAccessException extends IllegalArgumentException {
    public KafkaAccessException(String message) {
        super(message);
    }
}
