package dev.ferstream.training.cli;

import dev.ferstream.data.FaceData;
import dev.ferstream.eval.ClassMetrics;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.eval.EvaluationResult;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.TestTimeAugmentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ferstream evaluate}: accuracy, per-class metrics and the confusion matrix of a bundle on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model bundle on labelled data: accuracy, per-class precision/recall/F1, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    static final int BATCH = 256;
    @Option(names = "--model", required = true, description = "model bundle directory")
    Path model;
    @Mixin
    DataOptions data;
    @Mixin
    TtaOption ttaOption;
    @Mixin
    CameraOption camera;
    @Mixin
    EngineOption engineOption;
    @Option(names = "--json", description = "print one JSON object instead of tables")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = ModelBundle.load(model);
        FaceData faces = camera.apply(data.read(true));
        ConfusionMatrix confusion;
        try (FaceClassifier classifier = engineOption.classifier(bundle, ttaOption.tta)) {
            confusion = classifier.confusion(faces.faces(), BATCH);
        }
        EvaluationResult result = EvaluationResult.of(model.toString(), data.dataPath() + camera.suffix(), confusion, ttaOption.tta.views().size());
        if (json) {
            System.out.println(ModelBundle.json().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(result));
            return 0;
        }
        System.out.printf(Locale.ROOT, "model %s (%s) on %s%s: accuracy %.4f (%d faces)%n%n", model,
                bundle.metadata().architecture(), data.dataPath() + camera.suffix(), describe(ttaOption.tta), result.accuracy(), result.n());
        System.out.printf(Locale.ROOT, "%-10s%10s%10s%10s%10s%n", "class", "precision", "recall", "f1", "support");
        for (ClassMetrics c : result.perClass()) {
            System.out.printf(Locale.ROOT, "%-10s%10.3f%10.3f%10.3f%10d%n", c.label(), c.precision(), c.recall(), c.f1(), c.support());
        }
        System.out.println();
        System.out.print(confusion.format());
        return 0;
    }

    private static String describe(TestTimeAugmentation tta) {
        return tta == TestTimeAugmentation.NONE ? "" : " with TTA (" + tta.optionName() + ", " + tta.views().size() + " views)";
    }
}
