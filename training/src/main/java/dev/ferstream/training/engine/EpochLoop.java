package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceBatchIterator;
import dev.ferstream.data.RandomCameras;
import dev.ferstream.data.SoftTargets;
import dev.ferstream.data.Split;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.runtime.NativeMemory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The epochs of one run: each fits the training faces, recomputes BatchNorm statistics, scores the weights it offers
 * the bundle (the trained ones, or from --swa-from on their running average) on the validation faces, keeps them when
 * they are the best so far (always without validation faces or while averaging), checkpoints, and stops early when
 * validation accuracy has not improved for --patience epochs.
 */
final class EpochLoop {
    /** Training accuracy is measured on this many (un-augmented) training faces, in inference mode. */
    static final int TRAIN_ACCURACY_SAMPLE = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(EpochLoop.class);

    private final TrainingConfig config;
    private final WeightAveraging averaging;
    private final ISchedule learningRates;
    private final RunOutputs outputs;
    private final BatchFitter fitter;
    private final SoftTargets targets;
    private final RandomCameras cameras;

    /**
     * @param targets the teacher's probabilities for the distilled faces ({@link SoftTargets#none()} without)
     * @param cameras the faces shown through random cameras ({@link RandomCameras#none()} without)
     */
    EpochLoop(TrainingConfig config, ISchedule learningRates, RunOutputs outputs, SoftTargets targets,
              RandomCameras cameras) {
        this.config = config;
        this.targets = targets;
        this.cameras = cameras;
        this.averaging = config.optimization().averaging();
        this.learningRates = learningRates;
        this.outputs = outputs;
        this.fitter = new BatchFitter(config.runtime(), config.epochs());
    }

    /**
     * What the epochs work on: the network being trained, its average (or null), the faces, the batches of one source
     * (null for a mix) or the mix whose per-epoch order gives the batches (null for one source), and the training
     * faces in the order the train-accuracy sample and BatchNorm recalibration take their first N from.
     */
    private record Run(MultiLayerNetwork net, ParameterAverage average, Split split, FaceBatchIterator batches,
                       FaceMix mix, List<Face> sampleOrder) {
        List<Face> trainSample() {
            return sampleOrder.subList(0, Math.min(TRAIN_ACCURACY_SAMPLE, sampleOrder.size()));
        }
    }

    /**
     * One source: its training faces in file order. A mix: its first epoch's order, which holds every source at its
     * weight; the sources concatenated would fill the first N with the first source alone, and BatchNorm statistics
     * recomputed on those would fit that source (a retrain's camera-shifted feedback) and not the mix it trained on.
     */
    static List<Face> sampleOrder(TrainingFaces faces) {
        return faces.mix() == null ? faces.split().train() : faces.mix().epoch(0);
    }

    /** One epoch's outcome: the state after it, and whether its weights became the bundle's. */
    private record Epoch(TrainingState state, boolean kept) {
    }

    /** Trains the epochs after {@code start}'s up to --epochs (or the early stop) and returns the last state. */
    TrainingState run(MultiLayerNetwork net, TrainingState start, ParameterAverage average, TrainingFaces faces)
            throws IOException {
        Split split = faces.split();
        Run run = new Run(net, average, split, faces.mix() == null ? batches(split.train(), true) : null, faces.mix(),
                sampleOrder(faces));
        TrainingState state = start;
        int sinceBest = 0;
        for (int epoch = start.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
            Epoch done = train(run, epoch, state);
            state = done.state();
            sinceBest = done.kept() ? 0 : sinceBest + 1;
            // dead arrays in the old generation and freed buffers in glibc's arenas: give both back once an epoch
            LOG.info("native memory: {}", NativeMemory.collectAndTrim().describe());
            if (config.validation().exhausted(sinceBest)) {
                LOG.info("early stop: no validation improvement for {} epochs", sinceBest);
                break;
            }
        }
        return state;
    }

    private Epoch train(Run run, int epoch, TrainingState state) throws IOException {
        long start = System.nanoTime();
        double trainLoss = fitter.fit(run.net(), epochBatches(run, epoch), epoch);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        recalibrate(run.net(), run.sampleOrder());
        boolean averaged = averaging.covers(epoch);
        MultiLayerNetwork candidate = averaged ? averageOf(run) : run.net();
        Classifier classifier = new Classifier(candidate, false); // after this epoch's updates: it copies the weights
        Scores validation = Scores.of(classifier, run.split().validation());
        Scores train = Scores.of(classifier, run.trainSample());
        String averageNote = averaged ? averageNote(run) : null;
        double seconds = (System.nanoTime() - start) / 1e9;
        int images = run.split().train().size();
        EpochMetrics row = new EpochMetrics(epoch, learningRates.valueAt(0, epoch - 1), trainLoss, train.accuracy(),
                validation.loss(), validation.accuracy(), seconds, images / fitSeconds);
        outputs.appendMetrics(row);
        boolean improved = validation.accuracy() > state.bestValidationAccuracy();
        boolean keep = averaged || !config.validation().hasValidation() || improved;
        TrainingState next = state.after(epoch, keep, validation.accuracy(), seconds, images,
                averaged ? run.average().count() : 0);
        LOG.info(epochLine(row, averageNote != null ? averageNote : !keep ? "" : improved ? " (best)" : " (kept)"));
        if (keep) {
            outputs.keep(candidate, averaged ? run.net() : null, next);
        }
        outputs.checkpoint(run.net(), next, averaged ? run.average() : null);
        return new Epoch(next, keep);
    }

    /** The batches of {@code epoch}: the shuffled source, or slices of the mix's order for that epoch. */
    private FaceBatchIterator epochBatches(Run run, int epoch) {
        return run.mix() == null ? run.batches() : batches(run.mix().epoch(epoch - 1), false);
    }

    /** Mini-batches of {@code faces} with this run's augmentation, label smoothing and teacher (shuffled per epoch or not). */
    private FaceBatchIterator batches(List<Face> faces, boolean shuffle) {
        RegularizationSettings regularization = config.regularization();
        return new FaceBatchIterator(faces, config.batchSize(), shuffle, regularization.augmentation(),
                regularization.labelSmoothing(), config.seed(), targets, cameras);
    }

    /** Adds the trained weights to the average and returns a network holding it, with its own BatchNorm statistics. */
    private MultiLayerNetwork averageOf(Run run) {
        run.average().add(run.net().params());
        MultiLayerNetwork averaged = run.average().network(run.net());
        recalibrate(averaged, run.sampleOrder()); // averaged weights need their own BatchNorm statistics
        return averaged;
    }

    /** Exact inference-mode BatchNorm statistics; see BatchNormRecalibration for why this matters. */
    private void recalibrate(MultiLayerNetwork net, List<Face> sampleOrder) {
        int faces = config.runtime().bnRecalibration();
        if (faces > 0) {
            BatchNormRecalibration.apply(net, sampleOrder.subList(0, Math.min(faces, sampleOrder.size())));
        }
    }

    /** The epoch line's note on an averaged epoch: " (average of 3 epochs, kept; trained weights: val acc 0.6512)". */
    private String averageNote(Run run) {
        int count = run.average().count();
        String trained = config.validation().hasValidation() ? "; trained weights: val acc " + String.format(Locale.ROOT,
                "%.4f", Scores.of(new Classifier(run.net(), false), run.split().validation()).accuracy()) : "";
        return " (average of " + count + (count == 1 ? " epoch" : " epochs") + ", kept" + trained + ")";
    }

    /** {@code kept}: " (best)", " (kept)" (without validation faces to choose by), an average's note, or "". */
    private String epochLine(EpochMetrics row, String kept) {
        String validation = config.validation().hasValidation()
                ? String.format(Locale.ROOT, "val loss %.4f, val acc %.4f", row.validationLoss(), row.validationAccuracy())
                : "no validation faces";
        return String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.4f, %s%s, %.0f s, %.1f img/s",
                row.epoch(), config.epochs(), row.trainLoss(), row.trainAccuracy(), validation, kept, row.seconds(),
                row.imagesPerSecond());
    }
}
