package dev.ferstream.cli;

import dev.ferstream.data.TimeRange;
import picocli.CommandLine.Option;

/**
 * {@code --since} / {@code --until}: which faces of a feedback store to read, by the time their truth became known
 * (the store's buckets are by that time). A picocli mixin shared by every command of both jars that reads
 * {@code --data}, so the options mean the same everywhere; other layouts have no event times and are read whole.
 */
public final class TruthTimeOptions {
    @Option(names = "--since", paramLabel = "TIME", description = "feedback data: only faces whose truth time is at or "
            + "after TIME (ISO-8601 instant, e.g. 2026-12-03T17:00:00Z, or a date = its 00:00 UTC)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "feedback data: only faces whose truth time is "
            + "before TIME (same forms; --since D1 --until D2 is [D1, D2))")
    String until;

    /** The range, checked: a value that does not parse, or since not before until, is a one-line usage error. */
    public TimeRange range() {
        return TimeRange.parse(since, until);
    }
}
