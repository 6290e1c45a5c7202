package dev.ferstream.jobs.config;

import dev.ferstream.explain.saliency.OcclusionSaliency;
import dev.ferstream.explain.saliency.SaliencyMethods;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;

import java.io.Serializable;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;

/**
 * Which faces get a saliency map, and how it is computed.
 *
 * @param rate      fraction of faces sampled for a saliency map, by a hash of the id ({@code saliency.rate})
 * @param threshold faces whose top probability is below this always get a map ({@code saliency.threshold})
 * @param method    gradient (|d logit / d pixel|), smoothgrad (gradients averaged over noisy copies) or occlusion
 *                  (8x8 patches painted grey) ({@code saliency.method}). Occlusion by default: in the deletion test
 *                  over 200 test faces (docs/analysis.md) it is within 0.005 of SmoothGrad on fer-vgg (AUC 0.238
 *                  vs 0.233; plain gradients 0.281, a random order 0.302) at 2.3x less cost per map (218 vs 511 ms
 *                  on one thread), which a stream sampling a few faces a second can afford
 */
public record SaliencySettings(double rate, double threshold, String method) implements Serializable {
    public static final SaliencySettings DEFAULTS = new SaliencySettings(0.01, 0.2, OcclusionSaliency.METHOD);

    public SaliencySettings {
        require(rate >= 0 && rate <= 1, "saliency.rate must be in [0,1], got " + rate);
        require(threshold >= 0 && threshold <= 1, "saliency.threshold must be in [0,1], got " + threshold);
        require(SaliencyMethods.NAMES.contains(method),
                "saliency.method must be one of " + String.join(", ", SaliencyMethods.NAMES) + ", got " + method);
    }

    /** The provider this method names (one per saliency subtask, created in its open()). */
    public SaliencyProviderFactory factory() {
        return SaliencyMethods.factory(method);
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
