package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;

/**
 * How models change while the job runs (docs/lifecycle.md): where the start model comes from, how much the challenger
 * shadows, and the optional promotion gate.
 *
 * @param start              {@code champion}: the models topic's latest champion, else model.path; {@code path}:
 *                           always model.path ({@code model.start})
 * @param challengerFraction share of faces the challenger also scores, chosen by id hash ({@code challenger.fraction})
 * @param gate               promote the challenger or roll back automatically ({@code gate.*})
 */
public record LifecycleSettings(String start, double challengerFraction, GateSettings gate) implements Serializable {
    public static final LifecycleSettings DEFAULTS = new LifecycleSettings("champion", 1.0, GateSettings.DEFAULTS);

    public LifecycleSettings {
        require(List.of("champion", "path").contains(start), "model.start must be champion or path, got " + start);
        require(challengerFraction >= 0 && challengerFraction <= 1,
                "challenger.fraction must be within 0..1, got " + challengerFraction);
        require(gate != null, "gate settings must be set");
    }

    public boolean startFromChampion() {
        return start.equals("champion");
    }

    public LifecycleSettings withGate(GateSettings value) {
        return new LifecycleSettings(start, challengerFraction, value);
    }

    static LifecycleSettings from(ConfigValues v) {
        return new LifecycleSettings(v.str("model.start"), v.dbl("challenger.fraction"), GateSettings.from(v));
    }

    void write(Map<String, String> m) {
        m.put("model.start", start);
        m.put("challenger.fraction", Double.toString(challengerFraction));
        gate.write(m);
    }
}
