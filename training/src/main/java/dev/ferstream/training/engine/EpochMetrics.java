package dev.ferstream.training.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One row of {@code metrics.csv}: what a training curve needs. */
public record EpochMetrics(int epoch, double learningRate, double trainLoss, double trainAccuracy,
                           double validationLoss, double validationAccuracy, double seconds, double imagesPerSecond) {
    static final String HEADER = "epoch,learning_rate,train_loss,train_accuracy,val_loss,val_accuracy,seconds,images_per_second";

    String csv() {
        return String.format(Locale.ROOT, "%d,%.6g,%.5f,%.5f,%.5f,%.5f,%.1f,%.1f", epoch, learningRate, trainLoss,
                trainAccuracy, validationLoss, validationAccuracy, seconds, imagesPerSecond);
    }

    public static void append(Path file, EpochMetrics row) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, HEADER + "\n");
        }
        Files.writeString(file, row.csv() + "\n", StandardOpenOption.APPEND);
    }

    /** Reads a bundle's metrics.csv (used by the analysis' training curves). */
    public static List<EpochMetrics> read(Path file) throws IOException {
        List<EpochMetrics> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("epoch")) {
                continue;
            }
            String[] f = line.split(",");
            rows.add(new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]), Double.parseDouble(f[7])));
        }
        return rows;
    }

    /** Drops rows after the given epoch (a resumed run rewrites the epochs it repeats). */
    static void truncateAfter(Path file, int epoch) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("epoch") || (!line.isBlank() && Integer.parseInt(line.split(",")[0]) <= epoch)) {
                kept.add(line);
            }
        }
        Files.write(file, kept);
    }
}
