package dev.ferstream.training.cli;

import dev.ferstream.data.DataLocator;
import dev.ferstream.data.Face;
import dev.ferstream.data.Split;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.training.report.ValidationSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ferstream recalibrate}: recomputes a bundle's BatchNorm statistics in inference mode on its own training
 * split (see {@link BatchNormRecalibration}) and saves it, for bundles trained before training did this each epoch.
 */
@Command(name = "recalibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Recompute a bundle's BatchNorm statistics in inference mode on its training split; report validation accuracy before and after.")
final class RecalibrateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model bundle directory (rewritten in place)")
    Path model;
    @Option(names = "--data", description = "the training file the bundle was trained on (default: train.csv.gz)")
    Path data;
    @Mixin
    SkipBadOption skipBad;
    @Option(names = "--faces", defaultValue = "2048", description = "training faces to take the statistics from (default: ${DEFAULT-VALUE})")
    int faces;

    @Override
    public Integer call() {
        if (faces < 1) {
            throw new IllegalArgumentException("--faces must be >= 1, got " + faces);
        }
        ModelBundle bundle = ModelBundle.load(model);
        Path file = DataLocator.file(data, "train.csv.gz");
        Split split = ValidationSplit.split(skipBad.read(file).faces(), bundle.metadata());
        double before = new Classifier(bundle.network(), false).confusion(split.validation(), EvaluateCommand.BATCH).accuracy();
        List<Face> sample = split.train().subList(0, Math.min(faces, split.train().size()));
        int layers = BatchNormRecalibration.apply(bundle.network(), sample);
        // a new Classifier: each one copies the weights it was made with
        double after = new Classifier(bundle.network(), false).confusion(split.validation(), EvaluateCommand.BATCH).accuracy();
        ModelMetadata m = bundle.metadata();
        ModelBundle.save(model, bundle.network(), new ModelMetadata(m.formatVersion(), m.architecture(), m.labels(),
                m.inputScaling(), m.totalParams(), m.trainableParams(), m.nonTrainableParams(), m.dataFingerprint(),
                m.trainRows(), m.validationRows(), m.epochs(), m.bestEpoch(), after, m.trainingSeconds(),
                m.trainImagesPerSecond(), m.training(), m.gitCommit(), m.createdAt(), m.runs(), m.parent(), m.dataMix()));
        String validation = split.validation().isEmpty()
                ? "no validation faces held out (the bundle trained on every face)"
                : String.format(Locale.ROOT, "validation accuracy %.4f -> %.4f", before, after);
        System.out.printf(Locale.ROOT, "%s: recalibrated %d BatchNorm layers on %d faces; %s%n",
                model, layers, sample.size(), validation);
        return 0;
    }
}
