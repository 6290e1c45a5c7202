package dev.ferstream.jobs.config;

import dev.ferstream.jobs.Delivery;
import dev.ferstream.jobs.DurationParser;
import dev.ferstream.model.inference.TestTimeAugmentation;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of the job's string keys (properties file, {@code -D} overrides), each error naming the key, the bad
 * value and what was expected, so every settings group parses its own keys with the same messages.
 */
public final class ConfigValues {
    private final Map<String, String> values;

    ConfigValues(Map<String, String> values) {
        this.values = values;
    }

    public String str(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("job config: " + key + " is missing");
        }
        return v.trim();
    }

    /**
     * Every key that starts with the prefix, the prefix stripped, values trimmed (an empty value stays empty: some
     * client properties take one, e.g. {@code ssl.endpoint.identification.algorithm}).
     */
    public Map<String, String> prefixed(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v == null ? null : v.trim());
            }
        });
        return out;
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(str(key));
        } catch (NumberFormatException e) {
            throw bad(key, "an integer");
        }
    }

    public double dbl(String key) {
        try {
            return Double.parseDouble(str(key));
        } catch (NumberFormatException e) {
            throw bad(key, "a number");
        }
    }

    /** none | mirror | shifts; true and false (the key's values before it took view sets) mean mirror and none. */
    public TestTimeAugmentation tta(String key) {
        String v = str(key).toLowerCase(Locale.ROOT);
        try {
            return switch (v) {
                case "true" -> TestTimeAugmentation.MIRROR;
                case "false" -> TestTimeAugmentation.NONE;
                default -> TestTimeAugmentation.parse(v);
            };
        } catch (IllegalArgumentException e) {
            throw bad(key, "none, mirror or shifts");
        }
    }

    public Duration duration(String key) {
        try {
            return DurationParser.parse(str(key));
        } catch (IllegalArgumentException e) {
            throw bad(key, "a duration such as 500ms, 30s or 10m");
        }
    }

    public Delivery delivery(String key) {
        String v = str(key).toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Delivery.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw bad(key, "exactly-once or at-least-once");
        }
    }

    /** The key's spelling of a delivery guarantee (the inverse of {@link #delivery}). */
    public static String format(Delivery delivery) {
        return delivery.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException("job config: " + key + " = '" + values.get(key) + "' is not " + expected);
    }
}
