package dev.ferstream.training.engine;

import dev.ferstream.data.RandomCameras;
import dev.ferstream.data.SoftTargets;
import dev.ferstream.model.acceleration.TrainingAcceleration;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Runs one training: reads and splits the data ({@link TrainingFaces}), starts fresh, from another bundle's weights
 * or resumes ({@link RunStart}),
 * trains epoch by epoch ({@link EpochLoop}) and writes the bundle, checkpoint and metrics as it goes
 * ({@link RunOutputs}). The bundle holds the best epoch's weights (the last epoch's without validation faces; the
 * running weight average from --swa-from on); a stopped run resumes where it was.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingConfig config;
    /** Read once at start: the checkout may move on while a long run trains, but the code that runs does not. */
    private final String gitCommit;

    public Trainer(TrainingConfig config) {
        this.config = config;
        this.gitCommit = Provenance.gitCommit();
    }

    /** Trains and returns the bundle's metadata (the kept epoch's weights are in the bundle). */
    public ModelMetadata run() throws IOException {
        NativeRuntime.configure();
        LOG.info("native runtime: {}", NativeRuntime.describe());
        LOG.info("config: {}", config);
        Architecture architecture = Architectures.byName(config.architecture());
        TrainingFaces faces = TrainingFaces.read(config.data(), config.validation(), config.seed());
        OptimizerSettings optimization = config.optimization();
        ISchedule learningRates = optimization.learningRates(config.epochs());
        ArchitectureOptions options = new ArchitectureOptions(config.seed(), optimization.updater(learningRates),
                config.regularization().classWeights(faces.split().train()), optimization.weightDecay());
        FrozenLayers.check(optimization.freezeFrom(), architecture.configuration(options).getConfs().size());
        RunStart start = new RunStart(config.out(), architecture, options, optimization, learningRates);
        StartingPoint from = config.resume() ? start.resume()
                : config.initFrom() != null ? start.initFrom(config.initFrom()) : start.fresh();
        MultiLayerNetwork net = from.network();
        FrozenLayers.apply(net, optimization.freezeFrom());
        TrainingAcceleration.apply(net);
        ParameterAverage average = from.average() == null && optimization.averaging().enabled()
                ? ParameterAverage.empty(net) : from.average();
        ModelSummary summary = ModelSummary.of(architecture, net);
        LOG.info("{}: {} parameters ({} trainable)", architecture.name(), summary.totalParams(), summary.trainableParams());
        // the data is hashed once, and recorded with every epoch's metadata
        RunOutputs outputs = new RunOutputs(config.out(), new RunMetadata(config, summary, faces, gitCommit, from));
        SoftTargets targets = TeacherTargets.of(config.regularization().distillation(), faces);
        RandomCameras cameras = RandomCameras.of(faces.trainOf(config.regularization().cameraData(), "--camera-data"));
        TrainingState last = new EpochLoop(config, learningRates, outputs, targets, cameras)
                .run(net, from.state(), average, faces);
        return outputs.finish(last);
    }
}
