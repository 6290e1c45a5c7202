package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;

/**
 * The promotion gate (off by default: a person promotes). After {@code minPairs} faces that both models scored and
 * that have their truth, the challenger is promoted when it was right on more of them than the champion by at least
 * {@code margin} (accuracy points) and McNemar's exact test on the faces where exactly one was right gives
 * p &lt; {@code alpha}; otherwise the challenger is kept shadowing. Independently, the champion is rolled back to the
 * one before it when its accuracy over a confusion window of at least {@code minPairs} pairs falls below {@code floor}.
 *
 * @param enabled  {@code gate.enabled}
 * @param minPairs {@code gate.min-pairs}
 * @param margin   {@code gate.margin}, 0..1
 * @param alpha    {@code gate.alpha}, 0..1 (exclusive)
 * @param floor    {@code gate.floor}, 0..1; 0 = never roll back
 */
public record GateSettings(boolean enabled, int minPairs, double margin, double alpha, double floor)
        implements Serializable {
    public static final GateSettings DEFAULTS = new GateSettings(false, 500, 0.0, 0.05, 0.0);

    public GateSettings {
        require(minPairs >= 1, "gate.min-pairs must be >= 1, got " + minPairs);
        require(margin >= 0 && margin <= 1, "gate.margin must be within 0..1, got " + margin);
        require(alpha > 0 && alpha < 1, "gate.alpha must be between 0 and 1, got " + alpha);
        require(floor >= 0 && floor <= 1, "gate.floor must be within 0..1, got " + floor);
    }

    static GateSettings from(ConfigValues v) {
        String enabled = v.str("gate.enabled");
        require(enabled.equals("true") || enabled.equals("false"), "gate.enabled must be true or false, got " + enabled);
        return new GateSettings(Boolean.parseBoolean(enabled), v.integer("gate.min-pairs"), v.dbl("gate.margin"),
                v.dbl("gate.alpha"), v.dbl("gate.floor"));
    }

    void write(Map<String, String> m) {
        m.put("gate.enabled", Boolean.toString(enabled));
        m.put("gate.min-pairs", Integer.toString(minPairs));
        m.put("gate.margin", Double.toString(margin));
        m.put("gate.alpha", Double.toString(alpha));
        m.put("gate.floor", Double.toString(floor));
    }
}
