package dev.ferstream.training.engine;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.bundle.ParentModel;
import dev.ferstream.model.bundle.TrainingRun;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How a run in {@code out} starts: fresh into an empty directory, from another bundle's weights ({@code --init-from},
 * also into an empty directory), or with {@code --resume} from its checkpoint (network
 * with optimizer state, weight average, bookkeeping) or, without one (checkpoints stay out of git), from the bundle's
 * weights with a fresh optimizer state. A resumed run must keep the settings its network and average were built
 * with (architecture, weight decay, averaging start); each mismatch is a one-line error saying what to pass.
 */
final class RunStart {
    private static final Logger LOG = LoggerFactory.getLogger(RunStart.class);

    private final Path out;
    private final Architecture architecture;
    private final ArchitectureOptions options;
    private final OptimizerSettings optimization;
    private final ISchedule learningRates;
    private final Checkpoint checkpoint;
    private final Path metricsFile;

    RunStart(Path out, Architecture architecture, ArchitectureOptions options, OptimizerSettings optimization,
             ISchedule learningRates) {
        this.out = out;
        this.architecture = architecture;
        this.options = options;
        this.optimization = optimization;
        this.learningRates = learningRates;
        this.checkpoint = Checkpoint.of(out);
        this.metricsFile = RunOutputs.metricsFile(out);
    }

    /** A new network in {@code out}, which must not hold a run yet. */
    StartingPoint fresh() throws IOException {
        prepareEmptyOut();
        TrainingState state = TrainingState.fresh();
        return new StartingPoint(newNetwork(), state, null, RunRecord.startingAfter(state, "fresh", List.of()), null);
    }

    /**
     * A fine-tune into an empty {@code out}: the parent bundle's weights (BatchNorm statistics included) in a network
     * built with this command's options, so the optimizer state is fresh and the schedule is this command's, from
     * epoch 1. The parent must have this run's architecture; its identity goes into model.json.
     */
    StartingPoint initFrom(Path parentDir) throws IOException {
        ModelBundle parent = ModelBundle.load(parentDir);
        String parentArchitecture = parent.metadata().architecture();
        if (!parentArchitecture.equals(architecture.name())) {
            throw new IllegalArgumentException("--init-from " + parentDir + " holds a " + parentArchitecture
                    + " model but --arch is " + architecture.name() + "; fine-tuning needs the same architecture");
        }
        MultiLayerNetwork net = newNetwork();
        if (net.numParams() != parent.network().numParams()) {
            throw new IllegalArgumentException("--init-from " + parentDir + " has " + parent.network().numParams()
                    + " parameters but this " + architecture.name() + " has " + net.numParams());
        }
        prepareEmptyOut();
        net.setParams(parent.network().params().dup());
        ModelMetadata m = parent.metadata();
        ParentModel identity = new ParentModel(parentDir.toString(), parent.version(), m.createdAt(), m.gitCommit(),
                Provenance.sha256(parentDir.resolve(ModelBundle.WEIGHTS)));
        LOG.info("fine-tuning from {} ({}, validation accuracy {}) with a fresh optimizer", parentDir, parent.version(),
                String.format(Locale.ROOT, "%.4f", m.bestValidationAccuracy()));
        TrainingState state = TrainingState.fresh();
        return new StartingPoint(net, state, null, RunRecord.startingAfter(state, "init-from", List.of()), identity);
    }

    /** {@code out} must not hold a run yet; it gets an empty checkpoint folder and no metrics. */
    private void prepareEmptyOut() throws IOException {
        if (Files.exists(checkpoint.dir()) || Files.exists(out.resolve(ModelBundle.METADATA))) {
            throw new IllegalArgumentException(out + " already holds a model; use --resume to continue it or choose another --out");
        }
        Files.createDirectories(checkpoint.dir());
        Files.deleteIfExists(metricsFile);
    }

    /** The run in {@code out}, from its checkpoint or else its bundle. */
    StartingPoint resume() throws IOException {
        ModelMetadata existing = Files.isRegularFile(out.resolve(ModelBundle.METADATA)) ? ModelBundle.readMetadata(out) : null;
        if (existing != null && !existing.architecture().equals(architecture.name())) {
            throw new IllegalArgumentException("--resume: " + out + " holds " + existing.architecture() + ", not " + architecture.name());
        }
        List<TrainingRun> earlier = existing == null ? List.of() : existing.runsOrEmpty();
        ParentModel parent = existing == null ? null : existing.parent(); // a resumed fine-tune keeps its parent
        if (checkpoint.exists()) {
            return withParent(fromCheckpoint(earlier), parent);
        }
        if (Files.isRegularFile(out.resolve(ModelBundle.WEIGHTS))) {
            return withParent(fromBundle(earlier), parent);
        }
        throw new IllegalArgumentException("--resume: no checkpoint or bundle in " + out);
    }

    private static StartingPoint withParent(StartingPoint p, ParentModel parent) {
        return new StartingPoint(p.network(), p.state(), p.average(), p.run(), parent);
    }

    private StartingPoint fromCheckpoint(List<TrainingRun> earlier) throws IOException {
        TrainingState state = checkpoint.readState();
        MultiLayerNetwork net = checkpoint.readNetwork(state);
        requireSameWeightDecay(net);
        requireSameAveraging(state);
        ParameterAverage average = checkpoint.readAverage(state);
        net.setEpochCount(state.epochsDone());
        // The checkpoint carries the schedule it was started with; this command's --lr/--schedule/--epochs
        // replace it (Adam's moments are kept), so a run can be extended past its first --epochs.
        net.setLearningRate(learningRates);
        EpochMetrics.truncateAfter(metricsFile, state.epochsDone());
        LOG.info("resuming after epoch {} (best validation accuracy {} at epoch {})", state.epochsDone(),
                String.format(Locale.ROOT, "%.4f", state.bestValidationAccuracy()), state.bestEpoch());
        return new StartingPoint(net, state, average, RunRecord.startingAfter(state, "checkpoint", earlier), null);
    }

    /**
     * Continues from the bundle with a fresh optimizer state, keeping the epoch numbering, the schedule position and
     * metrics.csv. A bundle holding a weight average continues from the trained weights kept beside it.
     */
    private StartingPoint fromBundle(List<TrainingRun> earlier) throws IOException {
        ModelBundle bundle = ModelBundle.load(out);
        ModelMetadata previous = bundle.metadata();
        int swaFrom = previous.training() == null ? 0 : previous.training().swaFrom();
        int averaged = swaFrom > 0 && previous.epochs() >= swaFrom ? previous.epochs() - swaFrom + 1 : 0;
        TrainingState state = new TrainingState(previous.epochs(), previous.bestEpoch(), previous.bestValidationAccuracy(),
                previous.trainingSeconds(), (long) (previous.trainImagesPerSecond() * previous.trainingSeconds()), averaged);
        requireSameWeightDecay(bundle.network());
        requireSameAveraging(state);
        MultiLayerNetwork net = newNetwork();
        ParameterAverage average = null;
        if (averaged > 0) {
            net.setParams(TrainedWeights.of(out).read(state.epochsDone(), swaFrom));
            average = ParameterAverage.of(bundle.network().params(), averaged);
        } else {
            net.setParams(bundle.network().params().dup());
        }
        net.setEpochCount(state.epochsDone());
        Files.createDirectories(checkpoint.dir());
        EpochMetrics.truncateAfter(metricsFile, state.epochsDone());
        LOG.warn("no checkpoint in {}: resuming after epoch {} from the bundle's {} with a fresh optimizer state",
                checkpoint.dir(), state.epochsDone(), averaged > 0
                        ? "average of epochs " + swaFrom + "-" + state.epochsDone() + " and the trained weights beside it"
                        : "best weights (epoch " + state.bestEpoch() + ")");
        return new StartingPoint(net, state, average, RunRecord.startingAfter(state, "bundle", earlier), null);
    }

    private MultiLayerNetwork newNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(architecture.configuration(options));
        net.init();
        return net;
    }

    /**
     * A run's weight average must continue under the same --swa-from (its epochs are counted from there), and
     * a run that has trained past --swa-from without averaging cannot start averaging late.
     */
    private void requireSameAveraging(TrainingState state) {
        WeightAveraging averaging = optimization.averaging();
        if (state.averagedEpochs() > 0) {
            int from = state.epochsDone() - state.averagedEpochs() + 1;
            if (averaging.fromEpoch() != from) {
                throw new IllegalArgumentException(("the run in %s averages the weights of epochs %d-%d; resume with "
                        + "--swa-from %d (got %s), or train into a new --out").formatted(out, from,
                        state.epochsDone(), from, averaging.enabled() ? averaging.fromEpoch() : "none"));
            }
        } else if (averaging.enabled() && averaging.fromEpoch() <= state.epochsDone()) {
            throw new IllegalArgumentException(("--swa-from %d: the run in %s has trained %d epochs without averaging; "
                    + "choose --swa-from %d or later").formatted(averaging.fromEpoch(), out,
                    state.epochsDone(), state.epochsDone() + 1));
        }
    }

    /** Weight decay is part of the trained network's configuration, so a resumed run cannot change it. */
    private void requireSameWeightDecay(MultiLayerNetwork net) {
        double trainedWith = ArchitectureOptions.weightDecayOf(net);
        if (trainedWith != optimization.weightDecay()) {
            throw new IllegalArgumentException(("--weight-decay %s differs from the %s the run in %s was trained with; "
                    + "weight decay is fixed for a run: resume with --weight-decay %s, or train into a new --out")
                    .formatted(plain(optimization.weightDecay()), plain(trainedWith), out, plain(trainedWith)));
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
