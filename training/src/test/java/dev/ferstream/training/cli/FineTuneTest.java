package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.Split;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.training.engine.EpochMetrics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code train --init-from} (a fine-tune of a shipped bundle) and {@code --data} given more than once with weights. */
class FineTuneTest {
    static final Path HW3_CNN = Path.of("..", "models", "hw3-cnn");

    static Path trainCsv() {
        for (Path dir : new Path[]{Path.of("..", "..", "shared", "data", "fer2013"), Path.of("..", "data", "fer2013")}) {
            if (Files.isRegularFile(dir.resolve("train.csv.gz"))) {
                return dir.resolve("train.csv.gz");
            }
        }
        return null;
    }

    /**
     * One epoch at a tiny learning rate on 240 FER2013 training faces: if the weights really came from hw3-cnn, the
     * fine-tune scores what hw3-cnn scores on the same validation faces, and its training loss is hw3-cnn's (about 1),
     * not a random network's (ln 7 = 1.95 or more).
     */
    @Test
    void aFineTuneStartsAtItsParentsAccuracyAndRecordsTheParent(@TempDir Path tmp) throws Exception {
        Path data = trainCsv();
        assumeTrue(data != null, "FER2013 training set not found");
        Path out = tmp.resolve("tuned");
        CliTest.Result r = CliTest.run("train", "--arch", "hw3-cnn", "--init-from", HW3_CNN.toString(),
                "--data", data.toString(), "--limit", "240", "--val-fraction", "0.25", "--epochs", "1",
                "--batch-size", "60", "--lr", "1e-6", "--patience", "0", "--bn-recalibrate", "0", "--no-prefetch",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        List<Face> faces = FaceReader.read(data, new ReadOptions(false, null)).faces().subList(0, 240);
        Split split = Split.stratified(faces, 0.25, 42);
        ModelBundle parent = ModelBundle.load(HW3_CNN);
        double parentAccuracy = new Classifier(parent.network(), false).confusion(split.validation(), 256).accuracy();
        EpochMetrics epoch = EpochMetrics.read(out.resolve("metrics.csv")).get(0);
        assertEquals(parentAccuracy, epoch.validationAccuracy(), 0.02, "the fine-tune starts where its parent is");
        assertTrue(parentAccuracy > 0.5, "hw3-cnn on faces it trained on: " + parentAccuracy);
        assertTrue(epoch.trainLoss() < 1.4, "a trained network's loss, not a random one's: " + epoch.trainLoss());

        JsonNode meta = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        JsonNode p = meta.get("parent");
        assertEquals(HW3_CNN.toString(), p.get("path").asText());
        assertEquals("hw3-cnn@2026-11-27T19:40:18Z", p.get("version").asText());
        assertEquals("2026-11-27T19:40:18Z", p.get("createdAt").asText());
        assertEquals("b6ba749", p.get("gitCommit").asText());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(HW3_CNN.resolve("model.zip"))));
        assertEquals(sha, p.get("sha256").asText());
        assertEquals("init-from", meta.get("runs").get(0).get("startedFrom").asText());
        assertEquals(1, meta.get("dataMix").size());
        assertEquals(240, meta.get("dataMix").get(0).get("rows").asInt());
        assertEquals(split.train().size(), meta.get("dataMix").get(0).get("trainRows").asInt());
        assertEquals(178, split.train().size()); // stratified per class: 0.25 of each class, rounded per class
        assertEquals(1.0, meta.get("dataMix").get(0).get("share").asDouble());
    }

    @Test
    void anotherArchitectureOrResumeWithInitFromIsOneClearLine(@TempDir Path tmp) throws Exception {
        Path data = writeFaces(tmp.resolve("a.csv"), 70, 1);
        CliTest.Result arch = CliTest.run("train", "--arch", "hw3-dnn", "--init-from", HW3_CNN.toString(),
                "--data", data.toString(), "--epochs", "1", "--out", tmp.resolve("x").toString());
        assertEquals(2, arch.code());
        assertEquals("ferstream train: error: --init-from " + HW3_CNN + " holds a hw3-cnn model but --arch is hw3-dnn;"
                + " fine-tuning needs the same architecture", arch.err().strip());
        CliTest.Result both = CliTest.run("train", "--arch", "hw3-cnn", "--init-from", HW3_CNN.toString(), "--resume",
                "--data", data.toString(), "--out", tmp.resolve("y").toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--resume continues the run in --out, --init-from starts a new one"), both.err());
    }

    /** Two generated sources weighted 3:1 train together; model.json records both with their rows and shares. */
    @Test
    void weightedSourcesAreRecordedInTheDataMix(@TempDir Path tmp) throws Exception {
        Path big = writeFaces(tmp.resolve("big.csv"), 140, 2);
        Path small = writeFaces(tmp.resolve("small.csv"), 35, 3);
        Path out = tmp.resolve("mixed");
        CliTest.Result r = CliTest.run("train", "--arch", "hw3-dnn", "--data", big.toString(), "--data-weight", "1",
                "--data", small.toString(), "--data-weight", "3", "--val-fraction", "0.2", "--epochs", "1",
                "--batch-size", "20", "--no-prefetch", "--bn-recalibrate", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode meta = new ObjectMapper().readTree(out.resolve("model.json").toFile());
        JsonNode mix = meta.get("dataMix");
        assertEquals(2, mix.size());
        assertEquals(big.toString(), mix.get(0).get("path").asText());
        assertEquals(140, mix.get(0).get("rows").asInt());
        assertEquals(112, mix.get(0).get("trainRows").asInt());
        assertEquals(1.0, mix.get(0).get("weight").asDouble());
        assertEquals(0.25, mix.get(0).get("share").asDouble(), 1e-12);
        assertEquals(35, mix.get(1).get("rows").asInt());
        assertEquals(28, mix.get(1).get("trainRows").asInt());
        assertEquals(0.75, mix.get(1).get("share").asDouble(), 1e-12);
        assertTrue(mix.get(1).get("fingerprint").asText().startsWith("sha256:"));
        assertEquals(140, meta.get("trainRows").asInt());
        assertEquals(35, meta.get("validationRows").asInt());
        assertTrue(meta.get("parent").isNull());

        CliTest.Result uneven = CliTest.run("train", "--arch", "hw3-dnn", "--data", big.toString(), "--data-weight", "1",
                "--data", small.toString(), "--epochs", "1", "--out", tmp.resolve("z").toString());
        assertEquals(2, uneven.code());
        assertTrue(uneven.err().contains("--data-weight must be given once per --data, in the same order, or not at all;"
                + " got 1 weights for 2 sources"), uneven.err());
    }

    /**
     * Every label says "angry": two epochs at a high learning rate pull a fine-tune towards answering angry. With the
     * parent as teacher at weight 1 on the source, the labels give way to the teacher's answers, so the student keeps
     * agreeing with its parent; model.json says which source learned from which teacher.
     */
    @Test
    void aTeacherKeepsTheStudentsAnswersOnItsSources(@TempDir Path tmp) throws Exception {
        Path data = trainCsv();
        assumeTrue(data != null, "FER2013 training set not found");
        List<Face> faces = FaceReader.read(data, new ReadOptions(false, null)).faces().subList(0, 140);
        Path angry = writeLabelled(tmp.resolve("angry.csv"), faces, 0);
        double[] agreement = new double[2];
        for (int taught = 0; taught < 2; taught++) {
            Path out = tmp.resolve("student" + taught);
            List<String> args = new java.util.ArrayList<>(List.of("train", "--arch", "hw3-cnn", "--init-from",
                    HW3_CNN.toString(), "--data", angry.toString(), "--val-fraction", "0",
                    "--patience", "0", "--epochs", "2", "--batch-size", "35", "--lr", "1e-3", "--bn-recalibrate", "0",
                    "--no-prefetch", "--out", out.toString()));
            if (taught == 1) {
                args.addAll(List.of("--distill", HW3_CNN.toString(), "--distill-weight", "1", "--distill-data", "1"));
            }
            CliTest.Result r = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            agreement[taught] = agreement(ModelBundle.load(HW3_CNN), ModelBundle.load(out), faces);
            JsonNode settings = new ObjectMapper().readTree(out.resolve("model.json").toFile()).get("training");
            assertEquals(taught == 1, settings.has("distillation"), settings.toString());
            if (taught == 1) {
                assertEquals("teacher=" + HW3_CNN + " weight=1.0 data=1", settings.get("distillation").asText());
            }
        }
        // seeded: labels only 0.407, taught 0.786 (a high learning rate moves even the taught one a little). Before
        // channels-last training steps, which draw dropout's masks in NHWC memory order, the same seed gave 0.171 / 0.657.
        assertTrue(agreement[0] < 0.5, "the labels alone pull it to angry: " + agreement[0]);
        assertTrue(agreement[1] > agreement[0] + 0.3, "the teacher holds it: " + agreement[0] + " vs " + agreement[1]);

        CliTest.Result bad = CliTest.run("train", "--arch", "hw3-cnn", "--init-from", HW3_CNN.toString(), "--data",
                angry.toString(), "--distill", HW3_CNN.toString(), "--distill-data", "2", "--epochs", "1", "--out",
                tmp.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertEquals("ferstream train: error: --distill-data 2 but there is only 1 --data source", bad.err().strip());
    }

    /**
     * {@code --freeze-from 8}: hw3-cnn's first two convolution blocks (layers 0-5) learn at a high learning rate, the
     * third block and the dense head (8 on) keep the parent's weights exactly; BatchNorm's running statistics are
     * not weights and may follow the data. model.json records where the frozen part began.
     */
    @Test
    void freezeFromKeepsTheLaterLayersWeights(@TempDir Path tmp) throws Exception {
        Path data = writeFaces(tmp.resolve("faces.csv"), 70, 5);
        Path out = tmp.resolve("frozen");
        CliTest.Result r = CliTest.run("train", "--arch", "hw3-cnn", "--init-from", HW3_CNN.toString(), "--data",
                data.toString(), "--freeze-from", "8", "--val-fraction", "0", "--patience", "0", "--epochs", "1",
                "--batch-size", "35", "--lr", "1e-2", "--bn-recalibrate", "0", "--no-prefetch", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        MultiLayerNetwork parent = ModelBundle.load(HW3_CNN).network();
        MultiLayerNetwork tuned = ModelBundle.load(out).network();
        for (int layer = 0; layer < parent.getnLayers(); layer++) {
            for (var param : parent.getLayer(layer).paramTable().entrySet()) {
                if (Set.of("mean", "var", "log10stdev").contains(param.getKey())) {
                    continue;
                }
                boolean same = param.getValue().equals(tuned.getLayer(layer).paramTable().get(param.getKey()));
                assertEquals(layer >= 8, same, "layer " + layer + " " + param.getKey());
            }
        }
        JsonNode settings = new ObjectMapper().readTree(out.resolve("model.json").toFile()).get("training");
        assertEquals(8, settings.get("frozenFrom").asInt(), settings.toString());

        CliTest.Result past = CliTest.run("train", "--arch", "hw3-cnn", "--init-from", HW3_CNN.toString(), "--data",
                data.toString(), "--freeze-from", "18", "--epochs", "1", "--out", tmp.resolve("past").toString());
        assertEquals(2, past.code());
        assertEquals("ferstream train: error: --freeze-from 18: the network's layers are numbered 1-17 after the"
                + " first (see `ferstream summary`), or 0 for none", past.err().strip());
    }

    private static double agreement(ModelBundle a, ModelBundle b, List<Face> faces) {
        float[][] pa = new Classifier(a.network(), false).probabilities(faces.stream().map(Face::pixels).toList());
        float[][] pb = new Classifier(b.network(), false).probabilities(faces.stream().map(Face::pixels).toList());
        int same = 0;
        for (int i = 0; i < pa.length; i++) {
            same += Classifier.argmax(pa[i]) == Classifier.argmax(pb[i]) ? 1 : 0;
        }
        return (double) same / pa.length;
    }

    /** The faces' pixels in the HW3 layout, every one labelled {@code label}. */
    private static Path writeLabelled(Path file, List<Face> faces, int label) throws Exception {
        StringBuilder csv = new StringBuilder("label,feature\n");
        for (Face f : faces) {
            StringBuilder row = new StringBuilder();
            for (byte b : f.pixels()) {
                row.append(row.isEmpty() ? "" : " ").append(b & 0xFF);
            }
            csv.append(label).append(',').append(row).append('\n');
        }
        return Files.writeString(file, csv.toString());
    }

    /** Labelled faces in the HW3 layout with CliTest's learnable pattern. */
    static Path writeFaces(Path file, int n, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("label,feature\n");
        for (int i = 0; i < n; i++) {
            csv.append(i % 7).append(',').append(CliTest.pixels(i % 7, random)).append('\n');
        }
        return Files.writeString(file, csv.toString());
    }
}
