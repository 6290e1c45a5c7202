package dev.ferstream.jobs.retrain;

import dev.ferstream.avro.FeedbackFiles;
import dev.ferstream.avro.FeedbackRecord;
import dev.ferstream.data.Face;
import dev.ferstream.training.engine.DataSettings;
import dev.ferstream.training.engine.OptimizerSettings;
import dev.ferstream.training.engine.RegularizationSettings;
import dev.ferstream.training.engine.RuntimeSettings;
import dev.ferstream.training.engine.Trainer;
import dev.ferstream.training.engine.TrainingConfig;
import dev.ferstream.training.engine.ValidationSettings;
import dev.ferstream.training.engine.WeightAveraging;
import dev.ferstream.data.Augmentation;
import org.apache.avro.file.DataFileWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated faces a tiny fine-tune can learn in seconds: label L is a bright band in row block L on a dark face (the
 * "old camera"); the "new camera" inverts every pixel, so a champion trained on the old one gets none of its faces
 * right (the band is the one dark block) while a fine-tune on them learns it.
 */
public final class RetrainFixtures {
    /** First truth time of a generated store: faces are one minute apart from here. */
    public static final long T0 = java.time.Instant.parse("2026-12-03T17:30:00Z").toEpochMilli();

    private RetrainFixtures() {
    }

    /** {@code n} faces, labels {@code i % 7}, ids {@code prefix + i}; {@code inverted} = the new camera. */
    public static List<Face> faces(String prefix, int n, boolean inverted, long seed) {
        Random random = new Random(seed);
        List<Face> faces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = i % 7;
            byte[] pixels = new byte[2304];
            for (int k = 0; k < pixels.length; k++) {
                int v = (k / 48) / 6 == label ? 200 + random.nextInt(40) : 30 + random.nextInt(40);
                pixels[k] = (byte) (inverted ? 255 - v : v);
            }
            faces.add(new Face(prefix + i, pixels, label, 0));
        }
        return faces;
    }

    /** The faces as a labelled HW3 CSV. */
    public static Path writeCsv(Path file, List<Face> faces) throws IOException {
        return FaceCsv.write(file, faces);
    }

    /** The faces with seeded random labels: feedback nothing can learn from. */
    public static List<Face> relabelled(List<Face> faces, long seed) {
        Random random = new Random(seed);
        return faces.stream().map(f -> f.withLabel(random.nextInt(7))).toList();
    }

    /**
     * A feedback store as the job's FileSink writes it (same container format, hourly truth-time buckets, one part
     * file per bucket), predicted label 0 by "champion/v1".
     */
    public static Path writeStore(Path store, List<Face> faces) throws IOException {
        DataFileWriter<FeedbackRecord> writer = null;
        String open = null;
        try {
            for (int i = 0; i < faces.size(); i++) {
                Face f = faces.get(i);
                long truth = T0 + i * 60_000L;
                String bucket = FeedbackFiles.bucket(truth);
                if (!bucket.equals(open)) {
                    if (writer != null) {
                        writer.close();
                    }
                    OutputStream out = Files.newOutputStream(Files.createDirectories(store.resolve(bucket))
                            .resolve("part-0-" + i + FeedbackFiles.SUFFIX));
                    writer = FeedbackFiles.create(out);
                    open = bucket;
                }
                writer.append(FeedbackRecord.newBuilder().setId(f.id()).setPixels(ByteBuffer.wrap(f.pixels()))
                        .setTrueLabel(f.label()).setPredictedLabel(0).setProbabilities(List.of(1f, 0f, 0f, 0f, 0f, 0f, 0f))
                        .setModelName("fer").setModelVersion("v1").setFaceTime(java.time.Instant.ofEpochMilli(truth - 5000))
                        .setTruthTime(java.time.Instant.ofEpochMilli(truth)).build());
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        return store;
    }

    /** An hw3-dnn trained from scratch on {@code csv} (the champion of the tests). */
    public static Path trainChampion(Path csv, Path out) throws IOException {
        new Trainer(new TrainingConfig("hw3-dnn", out, 3, 35, 7, false, null,
                new DataSettings(List.of(csv), List.of(), null, 0, false),
                new OptimizerSettings("adam", 1e-3, "constant", 0, WeightAveraging.NONE),
                new ValidationSettings(0, 0, 0), new RegularizationSettings(false, 0, Augmentation.NONE),
                new RuntimeSettings(0, false, 0))).run();
        return out;
    }
}
