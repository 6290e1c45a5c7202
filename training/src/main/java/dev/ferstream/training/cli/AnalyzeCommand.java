package dev.ferstream.training.cli;

import dev.ferstream.data.DataLocator;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.LabelFile;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.explain.ConvLayer;
import dev.ferstream.explain.FilterAscent;
import dev.ferstream.explain.FilterWeights;
import dev.ferstream.explain.LayerActivations;
import dev.ferstream.explain.saliency.OcclusionSaliency;
import dev.ferstream.explain.saliency.SaliencyMethods;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.render.ConfusionHeatmap;
import dev.ferstream.render.FeatureMapGrid;
import dev.ferstream.render.ImageGrid;
import dev.ferstream.render.MapBlur;
import dev.ferstream.render.Images;
import dev.ferstream.render.TrainingCurves;
import dev.ferstream.runtime.NativeRuntime;
import dev.ferstream.training.engine.EpochMetrics;
import dev.ferstream.training.report.EvaluationFaces;
import dev.ferstream.training.report.ModelFacts;
import dev.ferstream.training.report.Observations;
import dev.ferstream.training.report.PartTimings;
import dev.ferstream.training.compare.Comparison;
import dev.ferstream.training.report.Report;
import dev.ferstream.training.report.ReportWriter;
import dev.ferstream.training.report.SaliencyStudy;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ferstream analyze}: training curves, confusion matrices, misclassified faces, saliency maps, filters,
 * activations and gradient-ascent images of a model (optionally against a second one), as PNG files plus
 * {@code report.html} and {@code report.md}.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Analyse a model bundle (optionally against another): curves, confusion, saliency, filters, gradient ascent, report.")
final class AnalyzeCommand implements Callable<Integer> {
    static final int SALIENCY_FACES = 6;
    static final int MAX_FILTERS = 64;
    static final int SCALE = 3;
    /** Gaussian blur (pixels) of the saliency maps as shown (not as scored), see {@link MapBlur}. */
    static final double DISPLAY_BLUR = 1.0;

    @Mixin
    SkipBadOption skipBad;
    @Option(names = "--model", required = true, description = "model bundle to analyse (e.g. models/hw3-cnn)")
    Path model;
    @Option(names = "--compare", description = "a second bundle shown beside it (e.g. models/hw3-dnn)")
    Path compare;
    @Option(names = "--data", description = "FER2013 folder with train.csv.gz and test.csv.gz (default: data/fer2013/ or ../shared/data/fer2013/)")
    Path data;
    @Option(names = "--out", required = true, description = "output folder for the PNG files and report.html / report.md")
    Path out;
    @Option(names = "--ascent-iterations", defaultValue = "500", description = "gradient-ascent iterations (default: ${DEFAULT-VALUE})")
    int ascentIterations;
    @Option(names = "--ascent-filters", defaultValue = "64", description = "filters per layer shown by gradient ascent, the first ones (default: ${DEFAULT-VALUE}); its cost grows with it")
    int ascentFilters;
    @Option(names = "--ascent-step", defaultValue = "0.1", description = "gradient-ascent step, RMS-normalised gradient times the images' fixed contrast (default: ${DEFAULT-VALUE})")
    double ascentStep;
    @Option(names = "--seed", defaultValue = "42", description = "seed of the ascent's noise images and of the deletion test's random baseline (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--deletion-faces", defaultValue = "200", description = "test faces the saliency methods' deletion test averages over (default: ${DEFAULT-VALUE})")
    int deletionFaces;
    @Option(names = "--deletion-steps", defaultValue = "20", description = "deletion-test steps after 0%: 20 blanks 0%, 5%, ..., 100% (default: ${DEFAULT-VALUE})")
    int deletionSteps;

    @Override
    public Integer call() throws IOException {
        if (ascentIterations < 0 || !(ascentStep > 0) || deletionFaces < 1 || deletionSteps < 1 || ascentFilters < 1) {
            throw new IllegalArgumentException("--ascent-iterations must be >= 0, --ascent-step > 0, --ascent-filters, --deletion-faces and --deletion-steps >= 1");
        }
        NativeRuntime.configure();
        Files.createDirectories(out);
        PartTimings timings = new PartTimings();
        List<ModelBundle> bundles = timings.time("load bundles", this::loadBundles);
        Path dir = DataLocator.dataDir(data);
        List<Face> trainingFile = timings.time("read data", () ->
                skipBad.read(dir.resolve("train.csv.gz")).faces());
        FaceData testFile = timings.time("read test faces", () -> testData(dir));
        List<Face> testFaces = testFile.faces().subList(0, Math.min(SALIENCY_FACES, testFile.size()));
        EvaluationFaces evaluation = EvaluationFaces.choose(trainingFile, testFile, bundles);

        // 1-3: structure, curves, confusion on the evaluation faces (validation splits, or the test set)
        List<ModelFacts> facts = new ArrayList<>();
        List<String> confusionImages = new ArrayList<>();
        List<Evaluated> evaluated = new ArrayList<>();
        for (ModelBundle bundle : bundles) {
            Evaluated e = evaluate(bundle, uniqueName(bundle, facts), evaluation, timings);
            evaluated.add(e);
            facts.add(e.facts());
            confusionImages.add(e.confusionImage());
        }
        String curves = timings.time("training curves", () -> curves(facts));

        ModelBundle primary = bundles.get(0);
        List<Face> validation = evaluated.get(0).faces();
        float[][] probabilities = evaluated.get(0).probabilities();
        String misclassified = timings.time("misclassified faces",
                () -> misclassified(facts.get(0).name() + ": misclassified faces of the " + evaluation.name(), validation, probabilities));
        List<Face> studyFaces = testFile.faces().subList(0, Math.min(deletionFaces, testFile.size()));
        List<String> methods = saliencyMethods(primary);
        SaliencyStudy.Result study = timings.time("saliency maps and deletion test (" + studyFaces.size() + " faces)",
                () -> saliencyStudy(primary, methods, studyFaces));
        String saliency = timings.time("saliency figure", () -> saliency(studyFaces, study, methods));

        List<Report.ConvFigures> convFigures = convFigures(primary, testFaces.get(0), timings);
        List<String> observations = new ArrayList<>(Observations.of(facts, evaluation.name()));
        if (primary.imported()) {
            observations.add(facts.get(0).name() + " is imported from ONNX (no DL4J weights): saliency by occlusion"
                    + " only, and no filters, activations or gradient ascent, which need the network's layers.");
        }
        Report report = new Report(facts, evaluation.name(), curves, confusionImages, misclassified, saliency, study.scores(),
                convFigures, ascentSettings(), observations, timings.parts(), paired(evaluated));
        ReportWriter.write(report, out);
        observations.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "report: %s (%.0f s)%n", out.resolve(ReportWriter.HTML), timings.total());
        return 0;
    }

    private List<ModelBundle> loadBundles() {
        List<ModelBundle> loaded = new ArrayList<>();
        loaded.add(ModelBundle.load(model));
        if (compare != null) {
            loaded.add(ModelBundle.load(compare));
        }
        return loaded;
    }

    /** One model scored on the evaluation faces: its facts, its confusion image, and the predictions behind them. */
    private record Evaluated(ModelFacts facts, String confusionImage, List<Face> faces, float[][] probabilities) {
    }

    private Evaluated evaluate(ModelBundle bundle, String name, EvaluationFaces evaluation, PartTimings timings) {
        List<Face> faces = evaluation.faces(bundle);
        float[][] probabilities = timings.time("predict " + evaluation.name() + ": " + name, () -> predict(bundle, faces));
        ConfusionMatrix confusion = new ConfusionMatrix();
        for (int i = 0; i < faces.size(); i++) {
            confusion.add(faces.get(i).label(), Classifier.argmax(probabilities[i]));
        }
        ModelSummary summary = bundle.imported() ? ModelSummary.importedGraph(bundle.metadata().architecture())
                : ModelSummary.of(bundle.architecture(), bundle.network());
        ModelFacts facts = new ModelFacts(name, bundle.metadata(), summary, metrics(bundle), confusion);
        String file = "confusion-" + name + ".png";
        timings.time("confusion image: " + name, () -> Images.writePng(ConfusionHeatmap.render(confusion,
                name + " (" + evaluation.name() + ", " + faces.size() + " faces)"), out.resolve(file)));
        return new Evaluated(facts, file, faces, probabilities);
    }

    /**
     * The two models paired face by face (the 2x2 table and McNemar's test at 0.05), or null with one model or when
     * they were scored on different faces (each bundle's own validation split), where pairing is impossible.
     */
    private static Comparison paired(List<Evaluated> evaluated) {
        if (evaluated.size() != 2 || !evaluated.get(0).faces().equals(evaluated.get(1).faces())) {
            return null;
        }
        List<Face> faces = evaluated.get(0).faces();
        int[] labels = faces.stream().mapToInt(Face::label).toArray();
        return Comparison.of(new Comparison.Sources(evaluated.get(0).facts().name(), evaluated.get(1).facts().name(),
                        "analysis faces", "none"), labels, argmax(evaluated.get(0).probabilities()),
                argmax(evaluated.get(1).probabilities()), 0.05, 0);
    }

    private static int[] argmax(float[][] probabilities) {
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = Classifier.argmax(probabilities[i]);
        }
        return predicted;
    }

    /** Per conv layer of the primary model: its filters, activations on one face, and gradient-ascent images. */
    private List<Report.ConvFigures> convFigures(ModelBundle primary, Face face, PartTimings timings) {
        List<Report.ConvFigures> figures = new ArrayList<>();
        if (primary.imported() || !primary.architecture().convolutional()) {
            return figures; // an imported graph has no DL4J layers to show
        }
        for (ConvLayer layer : ConvLayer.of(primary.network())) {
            String filters = timings.time("filters + activations: " + layer.name(), () -> filtersAndActivations(primary, layer, face));
            String ascent = timings.time("gradient ascent: " + layer.name(), () -> ascent(primary, layer));
            figures.add(new Report.ConvFigures(layer.name(), layer.filters() + " filters " + layer.kernelHeight() + "x"
                    + layer.kernelWidth() + ", layer " + layer.index(), filters, "activations-" + layer.name() + ".png", ascent));
        }
        return figures;
    }

    private String ascentSettings() {
        return String.format(Locale.ROOT, "first %d filters, %d iterations of step %s x the contrast, from seeded noise; "
                + "every image held at mean grey 0.5 and RMS contrast %.3f", Math.min(MAX_FILTERS, ascentFilters),
                ascentIterations, ascentStep, FilterAscent.CONTRAST);
    }

    private static String uniqueName(ModelBundle bundle, List<ModelFacts> earlier) {
        Path file = bundle.dir().toAbsolutePath().normalize().getFileName();
        String name = file == null ? bundle.metadata().architecture() : file.toString();
        return earlier.stream().anyMatch(f -> f.name().equals(name)) ? name + "-2" : name;
    }

    /** DL4J's plan for a DL4J bundle (the network the figures show), ONNX Runtime for an imported one. */
    private static float[][] predict(ModelBundle bundle, List<Face> faces) {
        try (FaceClassifier classifier = Engine.DL4J.classifier(bundle, TestTimeAugmentation.NONE)) {
            return classifier.probabilities(faces.stream().map(Face::pixels).toList(), 256);
        }
    }

    private static List<EpochMetrics> metrics(ModelBundle bundle) {
        Path file = bundle.dir().resolve(ModelBundle.METRICS);
        try {
            return Files.exists(file) ? EpochMetrics.read(file) : List.of();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a valid metrics file: " + e.getMessage());
        }
    }

    private String curves(List<ModelFacts> facts) {
        List<TrainingCurves.Series> series = new ArrayList<>();
        for (ModelFacts f : facts) {
            List<EpochMetrics> rows = f.epochs();
            if (rows.isEmpty()) {
                continue;
            }
            series.add(new TrainingCurves.Series(f.name(), rows.stream().mapToDouble(EpochMetrics::epoch).toArray(),
                    rows.stream().mapToDouble(EpochMetrics::trainLoss).toArray(),
                    rows.stream().mapToDouble(EpochMetrics::validationLoss).toArray(),
                    rows.stream().mapToDouble(EpochMetrics::trainAccuracy).toArray(),
                    rows.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray()));
        }
        if (series.isEmpty()) {
            return null;
        }
        Images.writePng(TrainingCurves.render(series), out.resolve("training-curves.png"));
        return "training-curves.png";
    }

    private String misclassified(String title, List<Face> faces, float[][] probabilities) {
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < faces.size() && tiles.size() < 9; i++) {
            int predicted = Classifier.argmax(probabilities[i]);
            if (predicted != faces.get(i).label()) {
                tiles.add(Images.face(faces.get(i).pixels(), Architecture.SIDE, SCALE));
                captions.add(String.format(Locale.ROOT, "true %s%npred %s %.2f", Emotion.of(faces.get(i).label()).label(),
                        Emotion.of(predicted).label(), probabilities[i][predicted]));
            }
        }
        if (tiles.isEmpty()) {
            return null;
        }
        Images.writePng(ImageGrid.of(title, tiles, captions, 3), out.resolve("misclassified.png"));
        return "misclassified.png";
    }

    /** Every method for a DL4J bundle; occlusion alone for an imported graph (the others need gradients). */
    private static List<String> saliencyMethods(ModelBundle bundle) {
        return bundle.imported() ? List.of(OcclusionSaliency.METHOD) : SaliencyMethods.NAMES;
    }

    private SaliencyStudy.Result saliencyStudy(ModelBundle bundle, List<String> methods, List<Face> faces) {
        List<SaliencyProvider> providers = methods.stream().map(name -> SaliencyMethods.factory(name).create(bundle)).toList();
        try (FaceClassifier classifier = Engine.DL4J.classifier(bundle, TestTimeAugmentation.NONE)) {
            return SaliencyStudy.run(classifier, providers, faces.stream().map(Face::pixels).toList(), SALIENCY_FACES,
                    deletionSteps, seed);
        } finally {
            providers.forEach(SaliencyProvider::close);
        }
    }

    /** The test file, labelled from test_labels.csv beside it when that exists (else as read). */
    private FaceData testData(Path dir) {
        FaceData test = skipBad.read(dir.resolve("test.csv.gz"));
        Path labels = dir.resolve("test_labels.csv");
        return test.allLabelled() || !Files.exists(labels) ? test : test.withLabels(LabelFile.read(labels), labels);
    }

    /** Rows of face | one overlay per method, for the first faces of the study. */
    private String saliency(List<Face> faces, SaliencyStudy.Result study, List<String> methods) {
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int shown = study.shownMaps().get(0).length;
        for (int i = 0; i < shown; i++) {
            byte[] pixels = faces.get(i).pixels();
            tiles.add(Images.face(pixels, Architecture.SIDE, SCALE));
            captions.add(String.format(Locale.ROOT, "%s: %s %.2f", faces.get(i).id(), Emotion.of(study.predicted()[i]).label(),
                    study.probabilities()[i]));
            for (int m = 0; m < study.shownMaps().size(); m++) {
                float[] blurred = MapBlur.gaussian(study.shownMaps().get(m)[i], Architecture.SIDE, Architecture.SIDE, DISPLAY_BLUR);
                tiles.add(Images.overlay(pixels, blurred, Architecture.SIDE, SCALE));
                captions.add(study.scores().get(m).method());
            }
        }
        Images.writePng(ImageGrid.of("saliency of the predicted class: " + String.join(" | ", methods), tiles, captions,
                1 + study.shownMaps().size()), out.resolve("saliency.png"));
        return "saliency.png";
    }

    private String filtersAndActivations(ModelBundle bundle, ConvLayer layer, Face face) {
        String filters = "filters-" + layer.name() + ".png";
        Images.writePng(FeatureMapGrid.of(layer.name() + ": filter weights, input channel 0",
                FilterWeights.firstInputChannel(bundle.network(), layer, MAX_FILTERS), 40), out.resolve(filters));
        Images.writePng(FeatureMapGrid.of(layer.name() + ": activations of test face " + face.id(),
                LayerActivations.of(bundle.network(), layer, face.pixels(), MAX_FILTERS), 72), out.resolve("activations-" + layer.name() + ".png"));
        return filters;
    }

    private String ascent(ModelBundle bundle, ConvLayer layer) {
        FilterAscent.Result result;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("ascent " + layer.name())
                .setInitialMax(ascentIterations).setUnit(" it", 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2000).continuousUpdate().build()) {
            result = new FilterAscent(bundle.network(), layer).run(Math.min(MAX_FILTERS, ascentFilters), ascentIterations, ascentStep, seed, bar::stepTo);
        }
        String file = "ascent-" + layer.name() + ".png";
        Images.writePng(FeatureMapGrid.of(layer.name() + ": inputs maximising each filter's mean activation", result.images(), 72),
                out.resolve(file));
        return file;
    }

    /** Kept for tests: the file names a full analysis of a convolutional model writes. */
    static List<String> expectedFiles(List<String> modelNames, List<String> convLayers) {
        List<String> files = new ArrayList<>(List.of(ReportWriter.HTML, ReportWriter.MARKDOWN, "saliency.png"));
        modelNames.forEach(n -> files.add("confusion-" + n + ".png"));
        convLayers.forEach(l -> files.addAll(List.of("filters-" + l + ".png", "activations-" + l + ".png", "ascent-" + l + ".png")));
        return files;
    }
    }
