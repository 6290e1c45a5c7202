package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;

/**
 * Which faces get a saliency map, and how it is computed.
 *
 * @param rate      fraction of faces sampled for a saliency map, by a hash of the id ({@code saliency.rate})
 * @param threshold faces whose top probability is below this always get a map ({@code saliency.threshold})
 * @param method    gradient (|d logit / d pixel|) or occlusion (8x8 patches) ({@code saliency.method})
 */
public record SaliencySettings(double rate, double threshold, String method) implements Serializable {
    public static final SaliencySettings DEFAULTS = new SaliencySettings(0.01, 0.2, "gradient");

    public SaliencySettings {
        require(rate >= 0 && rate <= 1, "saliency.rate must be in [0,1], got " + rate);
        require(threshold >= 0 && threshold <= 1, "saliency.threshold must be in [0,1], got " + threshold);
        require("gradient".equals(method) || "occlusion".equals(method),
                "saliency.method must be gradient or occlusion, got " + method);
    }

    public boolean occlusion() {
        return method.equals("occlusion");
    }

    static SaliencySettings from(ConfigValues v) {
        return new SaliencySettings(v.dbl("saliency.rate"), v.dbl("saliency.threshold"), v.str("saliency.method"));
    }

    void write(Map<String, String> m) {
        m.put("saliency.rate", Double.toString(rate));
        m.put("saliency.threshold", Double.toString(threshold));
        m.put("saliency.method", method);
    }
}
