package dev.ferstream.jobs.config;

import dev.ferstream.jobs.DurationParser;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requireNonNegative;
import static dev.ferstream.jobs.config.Checks.requirePositive;

/**
 * Event time: watermarks, how long a label may trail its face, and the sliding confusion window.
 *
 * @param outOfOrderness bounded out-of-orderness of event times within a partition ({@code watermark.out-of-orderness})
 * @param idleness       a partition without records for this long stops holding back the watermark ({@code watermark.idleness})
 * @param truthMaxDelay  truth later than this after its face (event time) is late; predictions expire then ({@code truth.max-delay})
 * @param lateRetention  how long after expiry a prediction's id is remembered to recognise late truth ({@code truth.late-retention})
 * @param windowSize     sliding confusion window size ({@code window.size})
 * @param windowSlide    sliding confusion window slide ({@code window.slide})
 */
public record EventTimeSettings(Duration outOfOrderness, Duration idleness, Duration truthMaxDelay,
                                Duration lateRetention, Duration windowSize, Duration windowSlide) implements Serializable {
    public static final EventTimeSettings DEFAULTS = new EventTimeSettings(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(1));

    public EventTimeSettings {
        requireNonNegative(outOfOrderness, "watermark.out-of-orderness");
        requirePositive(idleness, "watermark.idleness");
        requirePositive(truthMaxDelay, "truth.max-delay");
        requireNonNegative(lateRetention, "truth.late-retention");
        requirePositive(windowSize, "window.size");
        requirePositive(windowSlide, "window.slide");
        require(windowSlide.compareTo(windowSize) <= 0, "window.slide (" + DurationParser.format(windowSlide)
                + ") must not exceed window.size (" + DurationParser.format(windowSize) + ")");
        require(windowSize.toMillis() % windowSlide.toMillis() == 0, "window.size must be a multiple of window.slide");
    }

    public EventTimeSettings withWindow(Duration size, Duration slide) {
        return new EventTimeSettings(outOfOrderness, idleness, truthMaxDelay, lateRetention, size, slide);
    }

    public EventTimeSettings withTruth(Duration maxDelay, Duration retention) {
        return new EventTimeSettings(outOfOrderness, idleness, maxDelay, retention, windowSize, windowSlide);
    }

    public EventTimeSettings withWatermarks(Duration maxOutOfOrderness, Duration idleAfter) {
        return new EventTimeSettings(maxOutOfOrderness, idleAfter, truthMaxDelay, lateRetention, windowSize, windowSlide);
    }

    static EventTimeSettings from(ConfigValues v) {
        return new EventTimeSettings(v.duration("watermark.out-of-orderness"), v.duration("watermark.idleness"),
                v.duration("truth.max-delay"), v.duration("truth.late-retention"),
                v.duration("window.size"), v.duration("window.slide"));
    }

    void write(Map<String, String> m) {
        m.put("watermark.out-of-orderness", DurationParser.format(outOfOrderness));
        m.put("watermark.idleness", DurationParser.format(idleness));
        m.put("truth.max-delay", DurationParser.format(truthMaxDelay));
        m.put("truth.late-retention", DurationParser.format(lateRetention));
        m.put("window.size", DurationParser.format(windowSize));
        m.put("window.slide", DurationParser.format(windowSlide));
    }
}
