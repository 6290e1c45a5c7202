package dev.ferstream.training.engine;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything a run writes into its bundle directory, in the order that keeps it resumable when killed at any moment:
 * metrics.csv grows by a row per epoch; a kept epoch's weights become the bundle (with, while the bundle holds an
 * average, the trained weights beside it, written first and pruned after); every epoch is checkpointed last.
 */
final class RunOutputs {
    private final Path out;
    private final Checkpoint checkpoint;
    private final TrainedWeights trainedWeights;
    private final RunMetadata metadata;

    RunOutputs(Path out, RunMetadata metadata) {
        this.out = out;
        this.checkpoint = Checkpoint.of(out);
        this.trainedWeights = TrainedWeights.of(out);
        this.metadata = metadata;
    }

    /** metrics.csv of the run in {@code out}. */
    static Path metricsFile(Path out) {
        return out.resolve(ModelBundle.METRICS);
    }

    void appendMetrics(EpochMetrics row) throws IOException {
        EpochMetrics.append(metricsFile(out), row);
    }

    /**
     * Makes {@code weights} the bundle's, as of {@code state}. {@code trained} is the network training continues
     * from when {@code weights} is its average (kept beside the bundle, see {@link TrainedWeights}), else null.
     */
    void keep(MultiLayerNetwork weights, MultiLayerNetwork trained, TrainingState state) throws IOException {
        if (trained != null) {
            trainedWeights.write(trained, state.epochsDone());
        }
        ModelBundle.save(out, weights, metadata.of(state));
        if (trained != null) {
            trainedWeights.keepOnly(state.epochsDone());
        }
    }

    /** Checkpoints the trained network (with its optimizer state) and the average it is part of, or null. */
    void checkpoint(MultiLayerNetwork net, TrainingState state, ParameterAverage average) {
        checkpoint.write(net, state, average);
    }

    /** Rewrites model.json with the final epoch count and time; the weights stay those of the kept epoch. */
    ModelMetadata finish(TrainingState state) throws IOException {
        ModelMetadata last = metadata.of(state);
        ModelBundle.writeMetadata(out, last);
        return last;
    }
}
