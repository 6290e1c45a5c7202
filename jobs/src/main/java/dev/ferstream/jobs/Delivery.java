package dev.ferstream.jobs;

/** How the Kafka sinks deliver: transactional exactly-once (the default) or plain at-least-once. */
public enum Delivery {
    EXACTLY_ONCE, AT_LEAST_ONCE
}
