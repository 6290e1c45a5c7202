package dev.ferstream.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A half-open span of event time, {@code [since, until)}, for data that carries one (the feedback store's truth
 * time). Half-open so that consecutive spans ({@code --since D1 --until D2}, then {@code --since D2 ...}) never
 * count a face twice. Null ends are open.
 *
 * @param since first instant included, or null for no lower bound
 * @param until first instant excluded, or null for no upper bound
 */
public record TimeRange(Instant since, Instant until) {
    /** No bounds: everything. */
    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since (" + since + ") must be before --until (" + until + ")");
        }
    }

    /** Parses the two option values (each null or blank = open); see {@link #parseInstant}. */
    public static TimeRange parse(String since, String until) {
        return new TimeRange(parseInstant("--since", since), parseInstant("--until", until));
    }

    /**
     * An ISO-8601 instant ({@code 2026-12-03T17:00:00Z}), a date-time with an offset ({@code ...+01:00}) or a date
     * ({@code 2026-12-03}, meaning its 00:00 UTC); null or blank gives null.
     */
    public static Instant parseInstant(String option, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + PrintableText.excerpt(t, 40)
                    + "' is neither an ISO-8601 instant (e.g. 2026-12-03T17:00:00Z) nor a date (e.g. 2026-12-03)");
        }
    }

    public boolean unbounded() {
        return since == null && until == null;
    }

    /** Whether the epoch-millisecond time lies in the range. */
    public boolean contains(long epochMillis) {
        return (since == null || epochMillis >= since.toEpochMilli()) && (until == null || epochMillis < until.toEpochMilli());
    }

    /** Whether {@code [start, end)} (epoch ms) shares any instant with the range: lets readers skip whole buckets. */
    public boolean overlaps(long start, long end) {
        return (since == null || end > since.toEpochMilli()) && (until == null || start < until.toEpochMilli());
    }

    @Override
    public String toString() {
        return "[" + (since == null ? "-inf" : since) + ", " + (until == null ? "+inf" : until) + ")";
    }
}
