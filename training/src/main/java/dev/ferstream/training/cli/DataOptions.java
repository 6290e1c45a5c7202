package dev.ferstream.training.cli;

import dev.ferstream.cli.TruthTimeOptions;
import dev.ferstream.data.DataLocator;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.LabelFile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The data options shared by evaluate and predict (a picocli mixin). */
final class DataOptions {
    @Option(names = "--data", description = "data file or folder (HW3 CSV, Kaggle fer2013.csv, <emotion>/*.png tree, the stream's feedback store or one of its .avro files, or a FER2013 folder: its test.csv.gz); "
            + "default: test.csv.gz in data/fer2013/ or ../shared/data/fer2013/")
    Path data;

    @Option(names = "--labels", description = "id,label file for id,feature data (default: test_labels.csv beside the default test file)")
    Path labels;

    @Option(names = "--usage", description = "Kaggle Usage filter (Training, PublicTest, PrivateTest) or split sub-folder")
    String usage;

    @Mixin
    SkipBadOption skipBad;

    @Mixin
    TruthTimeOptions truthTime = new TruthTimeOptions(); // also when built in code, not by picocli

    Path dataPath() {
        return DataLocator.file(data, "test.csv.gz");
    }

    /** Reads the data; for id,feature files attaches labels when required or available. */
    FaceData read(boolean requireLabels) {
        Path path = dataPath();
        FaceData faces = skipBad.read(path, usage, truthTime.range());
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
