package dev.ferstream.explain.saliency;

import java.util.List;
import java.util.Map;

/**
 * The saliency methods by the name their provider's {@link SaliencyProvider#method()} returns, which is also the
 * value the stream's {@code saliency.method} key accepts: one home for the list, so a new method is one line here.
 */
public final class SaliencyMethods {
    private static final Map<String, SaliencyProviderFactory> FACTORIES = Map.of(
            GradientSaliency.METHOD, (bundle, engine, threads) -> new GradientSaliency(bundle),
            SmoothGradSaliency.METHOD, (bundle, engine, threads) -> new SmoothGradSaliency(bundle),
            OcclusionSaliency.METHOD, OcclusionSaliency::new);

    /** The accepted names, in the order the report shows them. */
    public static final List<String> NAMES = List.of(GradientSaliency.METHOD, SmoothGradSaliency.METHOD, OcclusionSaliency.METHOD);

    private SaliencyMethods() {
    }

    /** The factory for a method name, or a one-line error naming the accepted ones. */
    public static SaliencyProviderFactory factory(String name) {
        SaliencyProviderFactory factory = name == null ? null : FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("saliency.method must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
        }
        return factory;
    }
}
