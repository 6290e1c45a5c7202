package dev.ferstream.jobs.events;

/** The promotion gate's one input: either a face both models scored, or a fired confusion window. */
public record GateInput(PairedVerdict verdict, ConfusionCounts window) {
    public static GateInput of(PairedVerdict verdict) {
        return new GateInput(verdict, null);
    }

    public static GateInput of(ConfusionCounts window) {
        return new GateInput(null, window);
    }
}
