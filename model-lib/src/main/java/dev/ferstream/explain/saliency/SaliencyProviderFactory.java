package dev.ferstream.explain.saliency;

import dev.ferstream.model.bundle.ModelBundle;

import java.io.Serializable;

/** Creates a {@link SaliencyProvider} for a loaded bundle inside a subtask's {@code open()} (shipped to the cluster). */
@FunctionalInterface
public interface SaliencyProviderFactory extends Serializable {
    SaliencyProvider create(ModelBundle bundle);
}
