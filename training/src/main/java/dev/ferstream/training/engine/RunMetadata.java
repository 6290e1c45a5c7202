package dev.ferstream.training.engine;

import dev.ferstream.data.InputScaling;
import dev.ferstream.data.Split;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.bundle.TrainingSettings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The bundle's model.json as of a training state: what was trained, on what, how, by which code, and the run history.
 * Everything but the state is fixed when the run starts, so each kept epoch and the end of the run write the same
 * description with their own counts and times.
 */
final class RunMetadata {
    private final TrainingConfig config;
    private final ModelSummary summary;
    private final TrainingFaces faces;
    private final String gitCommit;
    private final StartingPoint from;

    RunMetadata(TrainingConfig config, ModelSummary summary, TrainingFaces faces, String gitCommit, StartingPoint from) {
        this.config = config;
        this.summary = summary;
        this.faces = faces;
        this.gitCommit = gitCommit;
        this.from = from;
    }

    ModelMetadata of(TrainingState state) {
        TrainingSettings settings = settings();
        Split split = faces.split();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, config.architecture(), Emotion.labels(),
                InputScaling.DESCRIPTION, summary.totalParams(), summary.trainableParams(), summary.nonTrainableParams(),
                faces.fingerprint(), split.train().size(), split.validation().size(),
                state.epochsDone(), state.bestEpoch(), state.bestValidationAccuracy(), round(state.trainingSeconds()),
                round(state.imagesSeen() / Math.max(1e-9, state.trainingSeconds())), settings, gitCommit, now,
                from.run().with(state, settings, gitCommit, now), from.parent(), faces.shares());
    }

    private TrainingSettings settings() {
        OptimizerSettings optimization = config.optimization();
        RegularizationSettings regularization = config.regularization();
        return new TrainingSettings(optimization.optimizer(), optimization.learningRate(), optimization.schedule(),
                optimization.weightDecay(), config.batchSize(), regularization.augmentationDescription(),
                regularization.classWeightsDescription(), regularization.labelSmoothing(), config.splitDescription(),
                config.seed(), threads(), optimization.averaging().fromEpoch(), optimization.averaging().learningRate(),
                regularization.distillation().description(),
                optimization.freezeFrom() > 0 ? optimization.freezeFrom() : null);
    }

    private static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(omp.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** Seconds and rates are recorded to a tenth. */
    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
