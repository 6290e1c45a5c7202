package dev.ferstream.jobs.demo;

/** Test access to the replay plan's malformed-record generators (package-private in main). */
public final class ReplayPlanAccess {
    private ReplayPlanAccess() {
    }

    public static byte[] malformedFace(int kind, long eventTime) {
        return ReplayPlan.malformedFace(kind, eventTime);
    }
}
