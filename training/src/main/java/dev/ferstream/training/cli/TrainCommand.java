package dev.ferstream.training.cli;

import dev.ferstream.cli.TruthTimeOptions;
import dev.ferstream.data.Augmentation;
import dev.ferstream.data.DataLocator;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.training.engine.DataSettings;
import dev.ferstream.training.engine.Distillation;
import dev.ferstream.training.engine.FreezePoint;
import dev.ferstream.training.engine.OptimizerSettings;
import dev.ferstream.training.engine.RegularizationSettings;
import dev.ferstream.training.engine.RuntimeSettings;
import dev.ferstream.training.engine.Trainer;
import dev.ferstream.training.engine.TrainingConfig;
import dev.ferstream.training.engine.ValidationSettings;
import dev.ferstream.training.engine.WeightAveraging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ferstream train}: trains one architecture into a model bundle. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a model and write a bundle (best weights, model.json, metrics.csv, checkpoint/).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--arch", required = true, description = "architecture: hw3-cnn, hw3-dnn, fer-cnn, fer-cnn-wide or fer-vgg")
    String arch;
    @Option(names = "--data", paramLabel = "PATH", description = "labelled training data: a file, an <emotion>/*.png tree, the stream's feedback store, or a FER2013 folder (its train.csv.gz); default: train.csv.gz in data/fer2013/ or ../shared/data/fer2013/. Give it more than once to mix sources in every batch (see --data-weight)")
    List<Path> data = new ArrayList<>();
    @Option(names = "--data-weight", paramLabel = "W", description = "mixing weight of each --data, given once per --data in the same order: each batch draws W / (sum of weights) of its faces from that source (default: in proportion to each source's training rows)")
    List<Double> dataWeights = new ArrayList<>();
    @Option(names = "--init-from", paramLabel = "BUNDLE", description = "fine-tune: start from this bundle's weights (same --arch) with a fresh optimizer and this command's --lr/--schedule/--epochs; model.json records the parent")
    Path initFrom;
    @Option(names = "--usage", description = "Kaggle Usage filter for training rows (e.g. Training)")
    String usage;
    @Mixin
    TruthTimeOptions truthTime = new TruthTimeOptions(); // also when built in code, not by picocli
    @Option(names = "--out", required = true, description = "bundle directory, e.g. models/hw3-cnn")
    Path out;
    @Option(names = "--epochs", defaultValue = "30", description = "maximum epochs (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch-size", defaultValue = "128", description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--optimizer", defaultValue = "adam", description = "adam | nesterov | sgd (default: ${DEFAULT-VALUE})")
    String optimizer;
    @Option(names = "--lr", defaultValue = "0.001", description = "initial learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--schedule", defaultValue = "constant", description = "constant | cosine | step:EVERY:GAMMA (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--freeze-from", paramLabel = "LAYER", defaultValue = FreezePoint.NONE, description = "keep this layer and every later one at its starting weights: a number as `ferstream summary` lists it, or last-stage (the last convolution stage and the head, after the last pooling); with --init-from this adapts only the first stages, e.g. to a new camera; none = every layer learns (default: ${DEFAULT-VALUE})")
    String freezeFrom;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay on the weights, e.g. 5e-4 with --optimizer nesterov; fixed for a run (default: ${DEFAULT-VALUE})")
    double weightDecay;
    @Option(names = "--swa-from", defaultValue = "0", description = "stochastic weight averaging: from this epoch on the learning rate stays at --swa-lr and the bundle holds the average of every epoch's weights since (BatchNorm recomputed for it); a cosine schedule descends to --swa-lr before it; 0 = off (default: ${DEFAULT-VALUE})")
    int swaFrom;
    @Option(names = "--swa-lr", description = "learning rate while averaging (default: --lr / 5)")
    Double swaLearningRate;
    @Option(names = "--patience", defaultValue = "8", description = "early stopping: epochs without validation improvement, 0 = off (default: ${DEFAULT-VALUE})")
    int patience;
    @Option(names = "--val-last", defaultValue = "0", description = "hold out the last N rows as validation (the homework's split)")
    int validationLast;
    @Option(names = "--val-fraction", defaultValue = "0.1", description = "otherwise a seeded stratified fraction; 0 = none: train on every face (needs --patience 0; the bundle is then the last epoch's weights or their average) (default: ${DEFAULT-VALUE})")
    double validationFraction;
    @Option(names = "--class-weights", defaultValue = "none", description = "none | balanced (default: ${DEFAULT-VALUE})")
    String classWeights;
    @Option(names = "--label-smoothing", defaultValue = "0", description = "label smoothing epsilon (default: ${DEFAULT-VALUE})")
    double labelSmoothing;
    @Option(names = "--distill", paramLabel = "BUNDLE", description = "learn from this bundle's probabilities as well as the labels: each face of the --distill-data sources trains towards its label blended with the teacher's answer on it (a fine-tune keeps the teacher's behaviour on replayed faces)")
    Path distill;
    @Option(names = "--distill-weight", paramLabel = "W", defaultValue = "0.5", description = "the teacher's share of each blended label, in (0, 1] (default: ${DEFAULT-VALUE})")
    double distillWeight;
    @Option(names = "--distill-data", paramLabel = "N", split = ",", description = "which --data sources (from 1, in order) get the teacher's targets; repeatable or comma-separated (default: all)")
    List<Integer> distillData = new ArrayList<>();
    @Option(names = "--camera-data", paramLabel = "N", split = ",", description = "show the faces of these --data sources (from 1, in order) through a new random camera (blur, gamma, contrast, noise) each time they are drawn; a teacher (--distill) still judges them as they are; repeatable or comma-separated")
    List<Integer> cameraData = new ArrayList<>();
    @Option(names = "--augment", defaultValue = "none", description = "none | light (flip, +-3 px shift) | standard (flip, +-4 px shift, +-10 deg, +-10%% zoom) | strong (flip, +-6 px, +-15 deg, +-15%% zoom, random erasing with probability 0.5) (default: ${DEFAULT-VALUE})")
    String augment;
    @Option(names = "--seed", defaultValue = "42", description = "seed for init, split, order and augmentation (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--resume", description = "continue from the checkpoint in --out (or, without one, from the bundle's weights with a fresh optimizer state)")
    boolean resume;
    @Option(names = "--skip-bad", description = "skip malformed rows and report them")
    boolean skipBad;
    @Option(names = "--limit", defaultValue = "0", description = "use only the first N rows of each --data (quick runs), 0 = all")
    int limit;
    @Option(names = "--gc-every", defaultValue = "0", description = "System.gc() every N iterations to release native memory (default: ${DEFAULT-VALUE}; the launcher's -Xmn48m usually suffices)")
    int gcEvery;
    @Option(names = "--prefetch", defaultValue = "true", negatable = true, description = "prepare batches on a background thread (default: ${DEFAULT-VALUE})")
    boolean prefetch;

    @Option(names = "--bn-recalibrate", defaultValue = "1024", description = "training faces used to recompute BatchNorm statistics in inference mode after each epoch, 0 = off (default: ${DEFAULT-VALUE})")
    int bnRecalibration;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = new TrainingConfig(arch, out, epochs, batchSize, seed, resume, initFrom,
                new DataSettings(dataFiles(), dataWeights, usage, limit, skipBad, truthTime.range()),
                new OptimizerSettings(optimizer, learningRate, schedule, weightDecay, averaging(),
                        FreezePoint.resolve(freezeFrom, arch)),
                new ValidationSettings(validationLast, validationFraction, patience),
                new RegularizationSettings(parseWeights(classWeights), labelSmoothing, parseAugmentation(augment),
                        distill == null && distillData.isEmpty() ? Distillation.NONE
                                : new Distillation(distill, distillWeight, distillData), cameraData),
                new RuntimeSettings(gcEvery, prefetch, bnRecalibration));
        ModelMetadata meta = new Trainer(config).run();
        System.out.printf(Locale.ROOT, "%s: %d epochs, %.0f s; the bundle in %s holds %s (validation accuracy %s)%n",
                meta.architecture(), meta.epochs(), meta.trainingSeconds(), out, keptWeights(meta),
                Double.isNaN(meta.bestValidationAccuracy()) ? "not measured: no validation faces"
                        : String.format(Locale.ROOT, "%.4f", meta.bestValidationAccuracy()));
        return 0;
    }

    /** Each --data as a file (a FER2013 folder means its train.csv.gz), or the default training file. */
    private List<Path> dataFiles() {
        return data.isEmpty() ? List.of(DataLocator.file(null, "train.csv.gz"))
                : data.stream().map(d -> DataLocator.file(d, "train.csv.gz")).toList();
    }

    /** --swa-from N with its --swa-lr (default: a fifth of --lr), or none. */
    private WeightAveraging averaging() {
        return new WeightAveraging(swaFrom, swaFrom > 0 ? (swaLearningRate != null ? swaLearningRate : learningRate / 5) : 0);
    }

    private static String keptWeights(ModelMetadata meta) {
        int swaFrom = meta.training().swaFrom();
        return swaFrom > 0 && meta.bestEpoch() >= swaFrom
                ? "the average of epochs " + swaFrom + "-" + meta.bestEpoch() : "epoch " + meta.bestEpoch() + "'s weights";
    }

    static boolean parseWeights(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> false;
            case "balanced" -> true;
            default -> throw new IllegalArgumentException("--class-weights must be none or balanced, got '" + text + "'");
        };
    }

    static Augmentation parseAugmentation(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> Augmentation.NONE;
            case "light" -> Augmentation.LIGHT;
            case "standard" -> Augmentation.STANDARD;
            case "strong" -> Augmentation.STRONG;
            default -> throw new IllegalArgumentException("--augment must be none, light, standard or strong, got '" + text + "'");
        };
    }
}
