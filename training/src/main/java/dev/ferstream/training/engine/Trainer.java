package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceBatchIterator;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.InputScaling;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.Split;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.acceleration.TrainingAcceleration;
import dev.ferstream.model.bundle.TrainingRun;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.model.bundle.TrainingSettings;
import dev.ferstream.runtime.NativeMemory;
import dev.ferstream.runtime.NativeRuntime;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one training: reads and splits the data, fits epoch by epoch with a progress bar, evaluates on the
 * validation split after each epoch, keeps the best weights as the bundle (the last epoch's without validation
 * faces; the running weight average from --swa-from on), checkpoints (with optimizer state and the average) so a
 * stopped run resumes where it was, and stops early when validation accuracy stops improving.
 */
public final class Trainer {
    /** Training accuracy is measured on this many (un-augmented) training faces, in inference mode. */
    static final int TRAIN_ACCURACY_SAMPLE = 2000;
    private static final int EVAL_BATCH = 256;
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainingConfig config;
    /** Read once at start: the checkout may move on while a long run trains, but the code that runs does not. */
    private final String gitCommit;

    public Trainer(TrainingConfig config) {
        this.config = config;
        this.gitCommit = Provenance.gitCommit();
    }

    /** Trains and returns the bundle's metadata (best epoch's weights are in the bundle). */
    public ModelMetadata run() throws IOException {
        NativeRuntime.configure();
        LOG.info("native runtime: {}", NativeRuntime.describe());
        LOG.info("config: {}", config);
        Architecture architecture = Architectures.byName(config.architecture());
        FaceData data = FaceReader.read(config.trainFile(), new ReadOptions(config.skipBad(), config.usage()));
        if (!data.skipped().isEmpty()) {
            LOG.warn("{}: {}", config.trainFile(), data.skippedSummary());
        }
        if (!data.allLabelled()) {
            throw new IllegalArgumentException(config.trainFile() + " has no labels (id,feature); training needs label,feature, Kaggle or folders");
        }
        List<Face> faces = config.limit() > 0 ? data.faces().subList(0, Math.min(config.limit(), data.size())) : data.faces();
        Split split = config.validationLast() > 0 ? Split.lastRows(faces, config.validationLast())
                : config.hasValidation() ? Split.stratified(faces, config.validationFraction(), config.seed())
                : new Split(faces, List.of());
        LOG.info("{} faces from {}: {} train, {} validation ({})", faces.size(), config.trainFile(), split.train().size(),
                split.validation().size(), config.splitDescription());

        double[] classWeights = config.balancedWeights() ? Split.balancedClassWeights(split.train()) : null;
        WeightAveraging averaging = config.averaging();
        ISchedule schedule = LearningRates.parse(config.schedule(), config.learningRate(), config.epochs(), averaging);
        ArchitectureOptions options = new ArchitectureOptions(config.seed(),
                Optimizers.create(config.optimizer(), schedule), classWeights, config.weightDecay());

        Checkpoint checkpoint = Checkpoint.of(config.out());
        TrainedWeights trainedWeights = TrainedWeights.of(config.out());
        Path checkpointDir = checkpoint.dir();
        Path metricsFile = config.out().resolve(ModelBundle.METRICS);
        MultiLayerNetwork net;
        TrainingState state;
        ParameterAverage average = null;
        String startedFrom = "fresh";
        ModelMetadata existing = config.resume() && Files.isRegularFile(config.out().resolve(ModelBundle.METADATA))
                ? ModelBundle.readMetadata(config.out()) : null;
        if (existing != null && !existing.architecture().equals(architecture.name())) {
            throw new IllegalArgumentException("--resume: " + config.out() + " holds " + existing.architecture() + ", not " + architecture.name());
        }
        List<TrainingRun> earlierRuns = existing == null ? List.of() : existing.runsOrEmpty();
        if (config.resume() && checkpoint.exists()) {
            state = checkpoint.readState();
            net = checkpoint.readNetwork(state);
            requireSameWeightDecay(net, config.out());
            requireSameAveraging(state, config.out());
            average = checkpoint.readAverage(state);
            net.setEpochCount(state.epochsDone());
            // The checkpoint carries the schedule it was started with; this command's --lr/--schedule/--epochs
            // replace it (Adam's moments are kept), so a run can be extended past its first --epochs.
            net.setLearningRate(schedule);
            EpochMetrics.truncateAfter(metricsFile, state.epochsDone());
            LOG.info("resuming after epoch {} (best validation accuracy {} at epoch {})", state.epochsDone(),
                    fmt(state.bestValidationAccuracy()), state.bestEpoch());
            startedFrom = "checkpoint";
        } else if (config.resume() && Files.isRegularFile(config.out().resolve(ModelBundle.WEIGHTS))) {
            // No checkpoint (checkpoints stay out of git): continue from the bundle with a fresh optimizer state,
            // keeping the epoch numbering, the schedule position and metrics.csv. A bundle holding a weight average
            // continues from the trained weights kept beside it (TrainedWeights).
            ModelBundle bundle = ModelBundle.load(config.out());
            ModelMetadata previous = bundle.metadata();
            int swaFrom = previous.training() == null ? 0 : previous.training().swaFrom();
            int averaged = swaFrom > 0 && previous.epochs() >= swaFrom ? previous.epochs() - swaFrom + 1 : 0;
            state = new TrainingState(previous.epochs(), previous.bestEpoch(), previous.bestValidationAccuracy(),
                    previous.trainingSeconds(), (long) (previous.trainImagesPerSecond() * previous.trainingSeconds()), averaged);
            requireSameWeightDecay(bundle.network(), config.out());
            requireSameAveraging(state, config.out());
            net = new MultiLayerNetwork(architecture.configuration(options));
            net.init();
            if (averaged > 0) {
                net.setParams(trainedWeights.read(state.epochsDone(), swaFrom));
                average = ParameterAverage.of(bundle.network().params(), averaged);
            } else {
                net.setParams(bundle.network().params().dup());
            }
            startedFrom = "bundle";
            net.setEpochCount(state.epochsDone());
            Files.createDirectories(checkpointDir);
            EpochMetrics.truncateAfter(metricsFile, state.epochsDone());
            LOG.warn("no checkpoint in {}: resuming after epoch {} from the bundle's {} with a fresh optimizer state",
                    checkpointDir, state.epochsDone(), averaged > 0
                            ? "average of epochs " + swaFrom + "-" + state.epochsDone() + " and the trained weights beside it"
                            : "best weights (epoch " + state.bestEpoch() + ")");
        } else if (config.resume()) {
            throw new IllegalArgumentException("--resume: no checkpoint or bundle in " + config.out());
        } else {
            if (Files.exists(checkpointDir) || Files.exists(config.out().resolve(ModelBundle.METADATA))) {
                throw new IllegalArgumentException(config.out() + " already holds a model; use --resume to continue it or choose another --out");
            }
            Files.createDirectories(checkpointDir);
            Files.deleteIfExists(metricsFile);
            net = new MultiLayerNetwork(architecture.configuration(options));
            net.init();
            state = TrainingState.fresh();
        }
        TrainingAcceleration.apply(net);
        if (average == null && averaging.enabled()) {
            average = ParameterAverage.empty(net);
        }
        RunRecord run = new RunRecord(earlierRuns, startedFrom, state.epochsDone() + 1, state.trainingSeconds());
        ModelSummary summary = ModelSummary.of(architecture, net);
        String dataFingerprint = Provenance.fingerprint(data.source()); // hashed once, recorded every epoch
        LOG.info("{}: {} parameters ({} trainable)", architecture.name(), summary.totalParams(), summary.trainableParams());

        FaceBatchIterator trainBatches = new FaceBatchIterator(split.train(), config.batchSize(), true,
                config.augmentation(), config.labelSmoothing(), config.seed());
        List<Face> trainSample = split.train().subList(0, Math.min(TRAIN_ACCURACY_SAMPLE, split.train().size()));
        int sinceBest = 0;
        for (int epoch = state.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double trainLoss = fitEpoch(net, trainBatches, epoch);
            double fitSeconds = (System.nanoTime() - start) / 1e9;
            recalibrate(net, split);
            // The weights this epoch offers the bundle: the trained ones, or from --swa-from on their running average.
            MultiLayerNetwork candidate = net;
            String kept = "";
            if (averaging.covers(epoch)) {
                average.add(net.params());
                candidate = average.network(net);
                recalibrate(candidate, split); // averaged weights need their own BatchNorm statistics
                kept = " (average of " + average.count() + (average.count() == 1 ? " epoch" : " epochs") + ", kept" + (config.hasValidation()
                        ? "; trained weights: val acc " + fmt(score(new Classifier(net, false), split.validation()).accuracy()) : "") + ")";
            }
            Classifier classifier = new Classifier(candidate, false); // after this epoch's updates: it copies the weights
            Scores validation = score(classifier, split.validation());
            Scores train = score(classifier, trainSample);
            double seconds = (System.nanoTime() - start) / 1e9;
            double imagesPerSecond = split.train().size() / fitSeconds;
            EpochMetrics row = new EpochMetrics(epoch, schedule.valueAt(0, epoch - 1), trainLoss, train.accuracy(),
                    validation.loss(), validation.accuracy(), seconds, imagesPerSecond);
            EpochMetrics.append(metricsFile, row);
            boolean improved = validation.accuracy() > state.bestValidationAccuracy();
            boolean keep = averaging.covers(epoch) || !config.hasValidation() || improved;
            if (kept.isEmpty() && keep) {
                kept = improved ? " (best)" : " (kept)"; // kept without validation faces to choose by
            }
            state = new TrainingState(epoch, keep ? epoch : state.bestEpoch(),
                    keep ? validation.accuracy() : state.bestValidationAccuracy(),
                    state.trainingSeconds() + seconds, state.imagesSeen() + split.train().size(),
                    averaging.covers(epoch) ? average.count() : 0);
            String validationText = config.hasValidation()
                    ? String.format(Locale.ROOT, "val loss %.4f, val acc %.4f", validation.loss(), validation.accuracy())
                    : "no validation faces";
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, %s%s, %.0f s, %.1f img/s",
                    epoch, config.epochs(), trainLoss, train.accuracy(), validationText, kept, seconds, imagesPerSecond));
            if (keep) {
                if (averaging.covers(epoch)) {
                    trainedWeights.write(net, epoch); // the bundle gets the average: keep what training continues from
                }
                ModelBundle.save(config.out(), candidate, metadata(summary, dataFingerprint, split, state, classWeights != null, run));
                if (averaging.covers(epoch)) {
                    trainedWeights.keepOnly(epoch);
                }
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            checkpoint.write(net, state, averaging.covers(epoch) ? average : null);
            // dead arrays in the old generation and freed buffers in glibc's arenas: give both back once an epoch
            LOG.info("native memory: {}", NativeMemory.collectAndTrim().describe());
            if (config.patience() > 0 && sinceBest >= config.patience()) {
                LOG.info("early stop: no validation improvement for {} epochs", sinceBest);
                break;
            }
        }
        ModelMetadata finalMeta = metadata(summary, dataFingerprint, split, state, classWeights != null, run);
        // Rewrite metadata with the final epoch count and time; the weights stay those of the best epoch.
        ModelBundle.writeMetadata(config.out(), finalMeta);
        return finalMeta;
    }

    private double fitEpoch(MultiLayerNetwork net, FaceBatchIterator batches, int epoch) {
        batches.startEpoch(epoch - 1);
        DataSetIterator iterator = config.prefetch() ? new AsyncDataSetIterator(batches, 4, true) : batches;
        double lossSum = 0;
        long seen = 0;
        int iteration = 0;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, config.epochs()))
                .setInitialMax(batches.size()).setUnit(" img", 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2000).continuousUpdate().build()) {
            while (iterator.hasNext()) {
                DataSet batch = iterator.next();
                int n = batch.numExamples();
                net.fit(batch);
                lossSum += net.score() * n;
                seen += n;
                bar.stepBy(n);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / seen));
                if (config.gcEvery() > 0 && ++iteration % config.gcEvery() == 0) {
                    System.gc(); // frees native buffers of dead arrays, which ND4J only releases on GC
                }
            }
        } finally {
            if (iterator instanceof AsyncDataSetIterator async) {
                async.shutdown();
            }
        }
        net.incrementEpochCount();
        return lossSum / Math.max(1, seen);
    }

    /** Accuracy and mean cross-entropy of the network on labelled faces, in inference mode. */
    record Scores(double accuracy, double loss, ConfusionMatrix confusion) {
    }

    static Scores score(Classifier classifier, List<Face> faces) {
        if (faces.isEmpty()) {
            return new Scores(Double.NaN, Double.NaN, new ConfusionMatrix()); // training without validation faces
        }
        float[][] probs = classifier.probabilities(faces.stream().map(Face::pixels).toList(), EVAL_BATCH);
        ConfusionMatrix confusion = new ConfusionMatrix();
        double loss = 0;
        for (int i = 0; i < probs.length; i++) {
            int label = faces.get(i).label();
            confusion.add(label, Classifier.argmax(probs[i]));
            loss -= Math.log(Math.max(1e-7, probs[i][label]));
        }
        return new Scores(confusion.accuracy(), loss / faces.size(), confusion);
    }

    /** This invocation's place in the bundle's history: the runs before it, and where it started. */
    private record RunRecord(List<TrainingRun> earlier, String startedFrom, int firstEpoch, double secondsBefore) {
        /** The earlier runs plus this one, if it has trained an epoch yet. */
        List<TrainingRun> with(TrainingState state, TrainingSettings settings, String commit, String now) {
            List<TrainingRun> runs = new ArrayList<>(earlier);
            if (state.epochsDone() >= firstEpoch) {
                runs.add(new TrainingRun(firstEpoch, state.epochsDone(), startedFrom, settings,
                        round(state.trainingSeconds() - secondsBefore), commit, now));
            }
            return List.copyOf(runs);
        }
    }

    private ModelMetadata metadata(ModelSummary summary, String dataFingerprint, Split split, TrainingState state, boolean weighted,
                                   RunRecord run) {
        TrainingSettings settings = new TrainingSettings(config.optimizer(), config.learningRate(), config.schedule(),
                config.weightDecay(), config.batchSize(), config.augmentationDescription(), weighted ? "balanced" : "none",
                config.labelSmoothing(), config.splitDescription(), config.seed(), threads(),
                config.averaging().fromEpoch(), config.averaging().learningRate());
        String commit = gitCommit;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, config.architecture(), Emotion.labels(),
                InputScaling.DESCRIPTION, summary.totalParams(), summary.trainableParams(), summary.nonTrainableParams(),
                dataFingerprint, split.train().size(), split.validation().size(),
                state.epochsDone(), state.bestEpoch(), state.bestValidationAccuracy(), round(state.trainingSeconds()),
                round(state.imagesSeen() / Math.max(1e-9, state.trainingSeconds())), settings, commit, now,
                run.with(state, settings, commit, now));
    }

    private static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            return omp == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(omp.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** Exact inference-mode BatchNorm statistics; see BatchNormRecalibration for why this matters. */
    private void recalibrate(MultiLayerNetwork net, Split split) {
        if (config.bnRecalibration() > 0) {
            BatchNormRecalibration.apply(net, split.train().subList(0, Math.min(config.bnRecalibration(), split.train().size())));
        }
    }

    /**
     * A run's weight average must continue under the same --swa-from (its epochs are counted from there), and
     * a run that has trained past --swa-from without averaging cannot start averaging late.
     */
    private void requireSameAveraging(TrainingState state, Path runDir) {
        WeightAveraging averaging = config.averaging();
        if (state.averagedEpochs() > 0) {
            int from = state.epochsDone() - state.averagedEpochs() + 1;
            if (averaging.fromEpoch() != from) {
                throw new IllegalArgumentException(("the run in %s averages the weights of epochs %d-%d; resume with "
                        + "--swa-from %d (got %s), or train into a new --out").formatted(runDir, from,
                        state.epochsDone(), from, averaging.enabled() ? averaging.fromEpoch() : "none"));
            }
        } else if (averaging.enabled() && averaging.fromEpoch() <= state.epochsDone()) {
            throw new IllegalArgumentException(("--swa-from %d: the run in %s has trained %d epochs without averaging; "
                    + "choose --swa-from %d or later").formatted(averaging.fromEpoch(), runDir,
                    state.epochsDone(), state.epochsDone() + 1));
        }
    }

    /** Weight decay is part of the trained network's configuration, so a resumed run cannot change it. */
    private void requireSameWeightDecay(MultiLayerNetwork net, Path runDir) {
        double trainedWith = ArchitectureOptions.weightDecayOf(net);
        if (trainedWith != config.weightDecay()) {
            throw new IllegalArgumentException(("--weight-decay %s differs from the %s the run in %s was trained with; "
                    + "weight decay is fixed for a run: resume with --weight-decay %s, or train into a new --out")
                    .formatted(plain(config.weightDecay()), plain(trainedWith), runDir, plain(trainedWith)));
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

}
