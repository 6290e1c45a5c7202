package dev.ferstream.training.report;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.model.bundle.ModelBundle;

import java.util.List;

/**
 * The faces the report's confusion matrices, misclassified faces and observations use: each bundle's own rebuilt
 * validation split, or, when some bundle was trained on every face (split {@code none}, like fer-vgg) and the test
 * file is labelled, the labelled test set for all of them. Why one set for all: the comparison is only fair on the
 * same faces, and a bundle without validation faces would otherwise show an empty matrix. A bundle imported from ONNX
 * was trained elsewhere, on faces we cannot name, so it is always judged on the labelled test set.
 */
public final class EvaluationFaces {
    public static final String VALIDATION = "validation split";
    public static final String TEST = "test set";

    private final List<Face> trainingFile;
    private final List<Face> testSet;

    private EvaluationFaces(List<Face> trainingFile, List<Face> testSet) {
        this.trainingFile = trainingFile;
        this.testSet = testSet;
    }

    public static EvaluationFaces choose(List<Face> trainingFile, FaceData test, List<ModelBundle> bundles) {
        boolean labelledTest = test.size() > 0 && test.allLabelled();
        for (ModelBundle b : bundles) {
            if (b.imported() && !labelledTest) {
                throw new IllegalArgumentException(b.dir() + " is imported from ONNX: it has no validation split here, so"
                        + " the report needs a labelled test set (test.csv.gz with labels, or test_labels.csv beside it)");
            }
        }
        boolean someWithout = bundles.stream().anyMatch(b -> b.imported()
                || ValidationSplit.of(trainingFile, b.metadata()).isEmpty());
        boolean useTest = someWithout && labelledTest;
        return new EvaluationFaces(trainingFile, useTest ? test.faces() : null);
    }

    /** "validation split" or "test set", for titles and sentences. */
    public String name() {
        return testSet == null ? VALIDATION : TEST;
    }

    /** The faces to evaluate a bundle on. */
    public List<Face> faces(ModelBundle bundle) {
        return testSet != null ? testSet : ValidationSplit.of(trainingFile, bundle.metadata());
    }
}
