package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;

/**
 * The feedback store (docs/streaming.md#feedback-store): where the champion's matched pairs — face pixels, true and
 * predicted label, probabilities, model version, both event times — are written as Avro files for retraining.
 * Off by default because it keeps every waiting face's pixels in the truth join's state and writes ~2 KB per face.
 *
 * @param path any Flink filesystem URI or local path ({@code file:///srv/feedback}, {@code s3://bucket/feedback});
 *             empty = off ({@code feedback.path})
 */
public record FeedbackSettings(String path) implements Serializable {
    public static final FeedbackSettings DEFAULTS = new FeedbackSettings("");

    public FeedbackSettings {
        path = path == null ? "" : path.trim();
        require(path.isEmpty() || parses(path), "feedback.path is not a URI or path: '" + path + "'");
    }

    public boolean enabled() {
        return !path.isEmpty();
    }

    static FeedbackSettings from(ConfigValues v) {
        return new FeedbackSettings(v.str("feedback.path"));
    }

    void write(Map<String, String> m) {
        m.put("feedback.path", path);
    }

    /** As the FileSink will parse it, so a bad value fails at start and not when the first file opens. */
    private static boolean parses(String path) {
        try {
            new org.apache.flink.core.fs.Path(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
