package dev.ferstream.jobs.cli;

import dev.ferstream.cli.TruthTimeOptions;
import dev.ferstream.data.DataLocator;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.LabelFile;
import dev.ferstream.data.ReadOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Which labelled faces to stream (a picocli mixin): the FER2013 test split by default, like {@code ferstream evaluate}. */
final class DataSelection {
    @Option(names = "--data", paramLabel = "PATH", description = "faces: a file, a feedback store, or a FER2013 folder (its test.csv.gz); default: test.csv.gz in data/fer2013/ or ../shared/data/fer2013/")
    Path data;

    @Option(names = "--labels", paramLabel = "PATH", description = "id,label file for id,feature data (default: test_labels.csv beside the data)")
    Path labels;

    @Option(names = "--limit", paramLabel = "N", description = "only the first N faces (0 = all)", defaultValue = "0")
    int limit;

    @Option(names = "--skip-bad", description = "skip malformed rows (reported on stderr) instead of failing on the first")
    boolean skipBad;

    @Mixin
    TruthTimeOptions truthTime = new TruthTimeOptions(); // also when built in code, not by picocli

    Path dataPath() {
        return DataLocator.file(data, "test.csv.gz");
    }

    List<Face> read() {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0");
        }
        Path path = dataPath();
        FaceData faces = FaceReader.read(path, new ReadOptions(skipBad, null, truthTime.range()));
        if (!faces.skipped().isEmpty()) {
            System.err.println(path + ": " + faces.skippedSummary());
        }
        if (!faces.allLabelled()) {
            Path labelFile = labels != null ? labels : path.resolveSibling("test_labels.csv");
            if (!Files.exists(labelFile)) {
                throw new IllegalArgumentException(path + " has no labels; pass --labels FILE with id,label rows");
            }
            faces = faces.withLabels(LabelFile.read(labelFile), labelFile);
        }
        List<Face> all = faces.faces();
        return limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
    }
}
