package dev.ferstream.training.cli;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.model.bundle.TrainingRun;
import dev.ferstream.model.bundle.TrainingSettings;
import dev.ferstream.runtime.NativeRuntime;
import dev.ferstream.training.engine.EpochMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: two small bundles and generated data in, every PNG, report.html and report.md out. */
class AnalyzeCommandTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void writesTheWholeReport(@TempDir Path tmp) throws Exception {
        Path data = fer2013(tmp);
        Path cnn = bundle(tmp.resolve("models/hw3-cnn"), "hw3-cnn", null);
        Path dnn = bundle(tmp.resolve("models/hw3-dnn"), "hw3-dnn", List.of(
                new TrainingRun(1, 1, "fresh", SETTINGS, 10, "test", "2026-01-01T00:00:00Z"),
                new TrainingRun(2, 2, "checkpoint", SETTINGS, 10, "test", "2026-01-01T00:01:00Z")));
        Path out = tmp.resolve("report");

        int code = FerstreamCli.commandLine().execute("analyze", "--model", cnn.toString(), "--compare", dnn.toString(),
                "--data", data.toString(), "--out", out.toString(), "--ascent-iterations", "1");
        assertEquals(0, code);

        List<String> files = AnalyzeCommand.expectedFiles(List.of("hw3-cnn", "hw3-dnn"), List.of("conv1", "conv2", "conv3"));
        files = new java.util.ArrayList<>(files);
        files.add("training-curves.png");
        for (String file : files) {
            Path path = out.resolve(file);
            assertTrue(Files.isRegularFile(path), "missing " + file);
            if (file.endsWith(".png")) {
                byte[] bytes = Files.readAllBytes(path);
                assertArrayEquals(PNG, java.util.Arrays.copyOf(bytes, 8), file + " has no PNG signature");
                BufferedImage image = ImageIO.read(path.toFile());
                assertNotNull(image, file + " does not decode");
                assertTrue(image.getWidth() > 50 && image.getHeight() > 50, file + " is too small");
            }
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
        Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            images++;
            assertTrue(img.group(1).startsWith("data:image/png;base64,"), "report.html links a file: " + img.group(1));
            byte[] png = java.util.Base64.getDecoder().decode(img.group(1).substring("data:image/png;base64,".length()));
            assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(png)), "an embedded image does not decode");
        }
        assertTrue(images >= 12, "images in the report: " + images);
        assertEquals(images, html.split("<img ", -1).length - 1, "every <img> is an embedded PNG");
        // the saliency comparison: the three methods and the baseline, each over the 8 test faces (fewer than 200)
        for (String method : List.of("gradient", "smoothgrad", "occlusion", "random order (baseline)")) {
            assertTrue(Pattern.compile("<tr><td>" + Pattern.quote(method) + "</td><td>0\\.\\d{3}</td><td>[-0-9.]+</td><td>8</td></tr>")
                    .matcher(html).find(), "saliency table row for " + method);
        }
        for (String section : List.of("Structure and training procedure", "Training curves", "Confusion matrices",
                "Misclassified", "Saliency maps", "Filters and activations", "Gradient ascent", "Observations")) {
            assertTrue(html.contains(section), "report lacks " + section);
        }
        // observations come from the numbers: both models' accuracy on the 28 rebuilt validation faces
        assertTrue(html.contains("on 28 faces"), "stratified 0.1 of 43 or 42 faces per class: 4 per class");
        assertTrue(html.contains("hw3-cnn vs hw3-dnn"));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("![saliency](saliency.png)"));
        assertTrue(md.contains("| method | mean deletion AUC | ms per map | faces |"), md);
        assertTrue(md.contains("## 3. Confusion matrices (validation split)"), "unlabelled test faces: each bundle's validation split");
        assertTrue(md.contains("| optimizer | adam | adam |"));
        assertTrue(md.contains("| training runs | not recorded | epochs 1-1 fresh (adam 0.001 constant); "
                + "epochs 2-2 checkpoint (adam 0.001 constant) |"), md);
        // both bundles rebuild the same 28 validation faces, so the report pairs them (2x2 table and McNemar)
        assertTrue(md.contains("## Paired comparison (McNemar)"), md);
        Matcher total = Pattern.compile("\\| total \\| (\\d+) \\| (\\d+) \\| 28 \\|").matcher(md);
        assertTrue(total.find(), md);
        assertEquals(28, Integer.parseInt(total.group(1)) + Integer.parseInt(total.group(2)));
        assertTrue(Pattern.compile("On 28 faces the models disagree in correctness on \\d+: \\d+ only hw3-cnn got right")
                .matcher(md).find(), md);
        assertTrue(html.contains("<h2>Paired comparison (McNemar)</h2>"));
    }

    @Test
    void analysesABundleTrainedWithoutValidationFaces(@TempDir Path tmp) throws Exception {
        Path data = fer2013(tmp);
        TrainingSettings allFaces = new TrainingSettings("nesterov", 0.05, "cosine", 5e-4, 128, "none", "none", 0.1,
                "none", 42, 2, 2, 0.01);
        Path cnn = bundle(tmp.resolve("models/hw3-cnn"), "hw3-cnn", allFaces, 300, 0, Double.NaN);
        Path out = tmp.resolve("report");

        int code = FerstreamCli.commandLine().execute("analyze", "--model", cnn.toString(), "--data", data.toString(),
                "--out", out.toString(), "--ascent-iterations", "1");
        assertEquals(0, code);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("hw3-cnn: no validation faces, nothing to observe."), md);
        assertTrue(md.contains("| validation split | none |"), md);
        assertTrue(Files.isRegularFile(out.resolve("training-curves.png")));
    }

    @Test
    void usesTheLabelledTestSetWhenABundleHasNoValidationFaces(@TempDir Path tmp) throws Exception {
        Path data = fer2013(tmp);
        StringBuilder labels = new StringBuilder("id,label\n");
        for (int i = 0; i < 8; i++) {
            labels.append(i).append(',').append(i % 7).append('\n');
        }
        Files.writeString(data.resolve("test_labels.csv"), labels);
        TrainingSettings allFaces = new TrainingSettings("nesterov", 0.05, "cosine", 5e-4, 128, "none", "none", 0.1,
                "none", 42, 2, 2, 0.01);
        Path cnn = bundle(tmp.resolve("models/hw3-cnn"), "hw3-cnn", allFaces, 300, 0, Double.NaN);
        Path dnn = bundle(tmp.resolve("models/hw3-dnn"), "hw3-dnn", null);
        Path out = tmp.resolve("report");

        int code = FerstreamCli.commandLine().execute("analyze", "--model", cnn.toString(), "--compare", dnn.toString(),
                "--data", data.toString(), "--out", out.toString(), "--ascent-iterations", "1", "--deletion-faces", "5");
        assertEquals(0, code);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## 3. Confusion matrices (test set)"), md);
        assertTrue(md.contains("hw3-cnn: test accuracy") && md.contains("% on 8 faces"), "both models on the 8 labelled test faces");
        assertTrue(md.contains("| smoothgrad | 0."), md);
        assertTrue(md.contains(" | 5 |"), "the deletion test over --deletion-faces 5");
    }

    @Test
    void rejectsAMissingBundle(@TempDir Path tmp) {
        int code = FerstreamCli.commandLine().execute("analyze", "--model", tmp.resolve("nope").toString(),
                "--out", tmp.resolve("out").toString());
        assertEquals(2, code);
    }

    private static final TrainingSettings SETTINGS = new TrainingSettings("adam", 0.001, "constant", 0, 128, "none", "none", 0,
            "stratified:0.1:seed42", 42, 2, 0, 0);

    private static Path bundle(Path dir, String arch, List<TrainingRun> runs) throws Exception {
        return bundle(dir, arch, SETTINGS, 270, 30, 0.21, runs);
    }

    private static Path bundle(Path dir, String arch, TrainingSettings settings, int trainRows, int validationRows,
                               double validationAccuracy) throws Exception {
        return bundle(dir, arch, settings, trainRows, validationRows, validationAccuracy, null);
    }

    private static Path bundle(Path dir, String arch, TrainingSettings settings, int trainRows, int validationRows,
                               double validationAccuracy, List<TrainingRun> runs) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName(arch).configuration(ArchitectureOptions.defaults()));
        net.init();
        ModelSummary summary = ModelSummary.of(Architectures.byName(arch), net);
        ModelMetadata meta = new ModelMetadata(ModelMetadata.FORMAT_VERSION, arch, Emotion.labels(), InputScaling.DESCRIPTION,
                summary.totalParams(), summary.trainableParams(), summary.nonTrainableParams(), "sha256:test", trainRows, validationRows,
                2, 2, validationAccuracy, 20, 27, settings, "test", "2026-01-01T00:00:00Z", runs);
        ModelBundle.save(dir, net, meta);
        double validationLoss = Double.isNaN(validationAccuracy) ? Double.NaN : 1.85;
        EpochMetrics.append(dir.resolve(ModelBundle.METRICS), new EpochMetrics(1, 0.001, 1.9, 0.2, validationLoss, validationAccuracy, 10, 27));
        EpochMetrics.append(dir.resolve(ModelBundle.METRICS), new EpochMetrics(2, 0.001, 1.8, 0.25, validationLoss, validationAccuracy, 10, 27));
        return dir;
    }

    /** A FER2013 folder of random faces: 300 labelled training faces and 8 unlabelled test faces. */
    private static Path fer2013(Path tmp) throws Exception {
        return fer2013(tmp, false);
    }

    /** A FER2013 folder of generated faces: 300 labelled training faces and 8 test faces, labelled or not. */
    static Path fer2013(Path tmp, boolean labelledTest) throws Exception {
        NativeRuntime.configure();
        Path data = tmp.resolve("fer2013");
        Files.createDirectories(data);
        writeFaces(data.resolve("train.csv.gz"), "label,feature", 300, true, 1);
        writeFaces(data.resolve("test.csv.gz"), labelledTest ? "label,feature" : "id,feature", 8, labelledTest, 2);
        return data;
    }

    private static void writeFaces(Path file, String header, int n, boolean labelled, long seed) throws Exception {
        Random random = new Random(seed);
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.US_ASCII)) {
            w.write(header + "\n");
            for (int i = 0; i < n; i++) {
                StringJoiner pixels = new StringJoiner(" ");
                for (int p = 0; p < 2304; p++) {
                    pixels.add(Integer.toString(random.nextInt(256)));
                }
                w.write((labelled ? Integer.toString(i % 7) : Integer.toString(i)) + "," + pixels + "\n");
            }
        }
    }
}
