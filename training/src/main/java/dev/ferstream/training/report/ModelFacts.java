package dev.ferstream.training.report;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.training.engine.EpochMetrics;

import java.util.List;

/**
 * What the report says about one model: its name, how it was built and trained, its curves and its confusion on
 * the evaluation faces ({@link EvaluationFaces}: its validation split, or the test set).
 *
 * @param name       short name (the bundle folder's name)
 * @param metadata   the bundle's model.json
 * @param summary    layer table with parameter counts
 * @param epochs     metrics.csv rows (empty when the bundle has none)
 * @param validation confusion matrix on the evaluation faces
 */
public record ModelFacts(String name, ModelMetadata metadata, ModelSummary summary, List<EpochMetrics> epochs,
                         ConfusionMatrix validation) {
    public ModelFacts {
        epochs = List.copyOf(epochs);
    }

    /** Training seconds per epoch (NaN when the bundle never finished an epoch). */
    public double secondsPerEpoch() {
        return metadata.epochs() == 0 ? Double.NaN : metadata.trainingSeconds() / metadata.epochs();
    }
}
