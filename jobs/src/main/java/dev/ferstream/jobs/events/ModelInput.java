package dev.ferstream.jobs.events;

/** What the models source emits: exactly one of a decision or a record that is not one (sent to dead letters). */
public record ModelInput(ModelChange change, Rejected rejected) {
    public static ModelInput ok(ModelChange change) {
        return new ModelInput(change, null);
    }

    public static ModelInput bad(Rejected rejected) {
        return new ModelInput(null, rejected);
    }
}
