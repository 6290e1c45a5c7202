package dev.ferstream.training.cli;

import dev.ferstream.data.DataLocator;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.LabelFile;
import dev.ferstream.data.ReadOptions;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The data options shared by evaluate and predict (a picocli mixin). */
final class DataOptions {
    @Option(names = "--data", description = "data file or folder (HW3 CSV, Kaggle fer2013.csv, <emotion>/*.png tree, or a FER2013 folder: its test.csv.gz); "
            + "default: test.csv.gz in data/fer2013/ or ../shared/data/fer2013/")
    Path data;

    @Option(names = "--labels", description = "id,label file for id,feature data (default: test_labels.csv beside the default test file)")
    Path labels;

    @Option(names = "--usage", description = "Kaggle Usage filter (Training, PublicTest, PrivateTest) or split sub-folder")
    String usage;

    @Option(names = "--skip-bad", description = "skip malformed rows and report them instead of failing")
    boolean skipBad;

    Path dataPath() {
        return DataLocator.file(data, "test.csv.gz");
    }

    /** Reads the data; for id,feature files attaches labels when required or available. */
    FaceData read(boolean requireLabels) {
        Path path = dataPath();
        FaceData faces = FaceReader.read(path, new ReadOptions(skipBad, usage));
        if (!faces.skipped().isEmpty()) {
            System.err.println(path + ": " + faces.skippedSummary());
        }
        if (faces.allLabelled()) {
            return faces;
        }
        Path labelFile = labels;
        if (labelFile == null && data == null) {
            labelFile = DataLocator.file(null, "test_labels.csv");
        }
        if (labelFile == null) {
            Path beside = path.resolveSibling("test_labels.csv");
            labelFile = requireLabels && Files.exists(beside) ? beside : null;
        }
        if (labelFile == null) {
            if (requireLabels) {
                throw new IllegalArgumentException(path + " has no labels (id,feature); pass --labels FILE with id,label rows");
            }
            return faces;
        }
        return faces.withLabels(LabelFile.read(labelFile), labelFile);
    }
}
