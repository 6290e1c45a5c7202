package dev.ferstream.explain.saliency;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Engine;

import java.io.Serializable;

/**
 * Creates a {@link SaliencyProvider} for a loaded bundle inside a subtask's {@code open()} (shipped to the cluster).
 * The engine and thread count are the serving model's ({@code model.engine}): a method that only runs the network
 * forward (occlusion) runs where classification runs; the gradient methods need DL4J's network whatever the engine.
 */
@FunctionalInterface
public interface SaliencyProviderFactory extends Serializable {
    SaliencyProvider create(ModelBundle bundle, Engine engine, int threads);

    /** On DL4J with the native runtime's threads: the analysis report and the saliency bench, which study DL4J's network. */
    default SaliencyProvider create(ModelBundle bundle) {
        return create(bundle, Engine.DL4J, Engine.defaultThreads());
    }
}
