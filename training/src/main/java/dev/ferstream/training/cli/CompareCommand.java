package dev.ferstream.training.cli;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.training.compare.Comparison;
import dev.ferstream.training.compare.ComparisonText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ferstream compare}: the promotion gate as a command. Scores two bundles on the same labelled faces and exits 0
 * only when B is significantly better than A (McNemar's exact one-sided test at {@code --alpha}), so a script can
 * promote on the exit status alone.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare two model bundles on the same labelled faces: accuracy and per-class recall of each, the 2x2"
                + " table of who was right, McNemar's exact test on the faces they disagree on, and the decision."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:B is better than A at --alpha (one-sided) and by at least --margin",
                "1:B is not better (including equal, worse, or not significantly better)",
                "2:usage error, or unreadable data or bundle (one line on stderr)"})
final class CompareCommand implements Callable<Integer> {
    static final int EXIT_B_BETTER = 0;
    static final int EXIT_NOT_BETTER = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "BUNDLE",
            description = "give it twice: first the current model A (e.g. the champion), then the candidate B")
    List<Path> models;
    @Mixin
    DataOptions data;
    @Mixin
    TtaOption ttaOption;
    @Mixin
    CameraOption camera;
    @Mixin
    EngineOption engineOption;
    @Option(names = "--alpha", defaultValue = "0.05",
            description = "significance level of the one-sided test 'B better than A' (default: ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--margin", defaultValue = "0",
            description = "B must also beat A's accuracy by at least this much, e.g. 0.01 (default: ${DEFAULT-VALUE})")
    double margin;
    @Option(names = "--limit", defaultValue = "0", description = "use only the first N faces, 0 = all (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the comparison as JSON to FILE")
    Path json;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        List<Face> faces = faces();
        ModelBundle a = ModelBundle.load(models.get(0));
        ModelBundle b = ModelBundle.load(models.get(1));
        int[] labels = faces.stream().mapToInt(Face::label).toArray();
        Comparison.Sources sources = new Comparison.Sources(models.get(0).toString(), models.get(1).toString(),
                data.dataPath() + camera.suffix(), ttaOption.tta.optionName());
        Comparison comparison = Comparison.of(sources, labels, predict(a, faces), predict(b, faces), alpha, margin);
        System.out.print(ComparisonText.format(comparison));
        if (json != null) {
            ModelBundle.json().writeValue(json.toFile(), comparison);
        }
        return comparison.gate().bBetter() ? EXIT_B_BETTER : EXIT_NOT_BETTER;
    }

    private void checkOptions() {
        if (models.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--model must be given exactly twice (A, then B), got " + models.size());
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alpha must be in (0, 1), got " + alpha);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--margin must be in [0, 1), got " + margin);
        }
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
        }
    }

    private List<Face> faces() {
        FaceData read = data.read(true);
        List<Face> faces = limit > 0 && limit < read.size() ? read.faces().subList(0, limit) : read.faces();
        faces = camera.apply(faces); // after --limit: shift only the faces scored
        if (faces.isEmpty()) {
            throw new IllegalArgumentException(data.dataPath() + " has no faces to compare on");
        }
        return faces;
    }

    private int[] predict(ModelBundle bundle, List<Face> faces) {
        TestTimeAugmentation tta = ttaOption.tta;
        float[][] probabilities;
        try (FaceClassifier classifier = engineOption.classifier(bundle, tta)) {
            probabilities = classifier.probabilities(faces.stream().map(Face::pixels).toList(), EvaluateCommand.BATCH);
        }
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = Classifier.argmax(probabilities[i]);
        }
        return predicted;
    }
}
