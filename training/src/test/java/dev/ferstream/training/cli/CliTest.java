package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.training.engine.Checkpoint;
import dev.ferstream.training.engine.EpochMetrics;
import dev.ferstream.training.engine.LearningRates;
import dev.ferstream.training.engine.TrainedWeights;
import dev.ferstream.training.engine.TrainingState;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI end to end on small generated data: train (and resume), evaluate --json, predict, errors. */
class CliTest {
    @TempDir
    static Path dir;
    static Path train;
    static Path test;
    static Path labels;
    static Path bundle;

    /** Learnable faces: a bright band at rows label*6..label*6+5. */
    static String pixels(int label, Random random) {
        StringJoiner j = new StringJoiner(" ");
        for (int k = 0; k < 2304; k++) {
            j.add(Integer.toString((k / 48) / 6 == label ? 200 + random.nextInt(40) : 30 + random.nextInt(40)));
        }
        return j.toString();
    }

    @BeforeAll
    static void trainSmallModel() throws Exception {
        Random random = new Random(1);
        StringBuilder trainCsv = new StringBuilder("label,feature\n");
        for (int i = 0; i < 280; i++) {
            trainCsv.append(i % 7).append(',').append(pixels(i % 7, random)).append('\n');
        }
        train = Files.writeString(dir.resolve("train.csv"), trainCsv.toString());
        StringBuilder testCsv = new StringBuilder("id,feature\n");
        StringBuilder labelCsv = new StringBuilder("id,label\n");
        for (int i = 0; i < 35; i++) {
            testCsv.append(i).append(',').append(pixels((i * 3) % 7, random)).append('\n');
            labelCsv.append(i).append(',').append((i * 3) % 7).append('\n');
        }
        test = Files.writeString(dir.resolve("test.csv"), testCsv.toString());
        labels = Files.writeString(dir.resolve("labels.csv"), labelCsv.toString());
        bundle = dir.resolve("dnn");
        Result r = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", bundle.toString(),
                "--epochs", "2", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch");
        assertEquals(0, r.code, r.err);
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            CommandLine cli = FerstreamCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(previous);
        }
    }

    @Test
    void trainingWritesABundleWithMetricsPerEpoch() throws Exception {
        assertTrue(Files.isRegularFile(bundle.resolve("model.zip")));
        assertTrue(Files.isRegularFile(bundle.resolve("checkpoint/epoch-0002.zip")));
        assertFalse(Files.exists(bundle.resolve("checkpoint/epoch-0001.zip")), "the previous epoch's checkpoint is deleted");
        List<EpochMetrics> rows = EpochMetrics.read(bundle.resolve("metrics.csv"));
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).epoch());
        JsonNode meta = new ObjectMapper().readTree(bundle.resolve("model.json").toFile());
        assertEquals("hw3-dnn", meta.get("architecture").asText());
        assertEquals(2_242_083, meta.get("totalParams").asLong());
        assertEquals(2, meta.get("epochs").asInt());
        assertTrue(meta.get("dataFingerprint").asText().startsWith("sha256:"));
        assertEquals(224, meta.get("trainRows").asInt());
    }

    @Test
    void resumeContinuesAfterTheLastEpoch() throws Exception {
        Path copy = dir.resolve("resumed");
        Result first = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "1", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch");
        assertEquals(0, first.code, first.err);
        assertEquals(List.of("1-1 fresh"), runs(copy));
        Result again = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "1", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch");
        assertEquals(2, again.code);
        assertTrue(again.err.contains("already holds a model; use --resume"), again.err);
        Result resumed = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "3", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--resume");
        assertEquals(0, resumed.code, resumed.err);
        List<EpochMetrics> rows = EpochMetrics.read(copy.resolve("metrics.csv"));
        assertEquals(List.of(1, 2, 3), rows.stream().map(EpochMetrics::epoch).toList());
        assertEquals(List.of("1-1 fresh", "2-3 checkpoint"), runs(copy));
        // Extending the run (so far the default constant 0.001) with a cosine over 4 epochs: epoch 4 must train at the
        // cosine's value for it (its floor, 0.004 / 100), not at the schedule stored in the checkpoint.
        Result extended = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "4", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--resume",
                "--schedule", "cosine", "--lr", "0.004");
        assertEquals(0, extended.code, extended.err);
        MultiLayerNetwork checkpoint = checkpoint(copy);
        Adam updater = (Adam) ((BaseLayer) checkpoint.getLayer(0).conf().getLayer()).getIUpdater();
        ISchedule used = updater.getLearningRateSchedule();
        ISchedule expected = LearningRates.parse("cosine", 0.004, 4);
        assertEquals(expected.valueAt(0, 3), used.valueAt(0, 3), 1e-12);
        assertEquals(expected.valueAt(0, 3), EpochMetrics.read(copy.resolve("metrics.csv")).get(3).learningRate(), 1e-9);
        ModelMetadata afterExtension = ModelBundle.readMetadata(copy);
        assertEquals(List.of("1-1 fresh", "2-3 checkpoint", "4-4 checkpoint"), runs(copy));
        assertEquals("constant", afterExtension.runs().get(0).settings().schedule());
        assertEquals("cosine", afterExtension.runs().get(2).settings().schedule());
        assertEquals(0.004, afterExtension.runs().get(2).settings().learningRate());
        // A clone of the repo has the bundle but no checkpoint: resume from the bundle's weights.
        org.apache.commons.io.FileUtils.deleteDirectory(copy.resolve("checkpoint").toFile());
        Result fromBundle = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "4", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--resume");
        assertEquals(0, fromBundle.code, fromBundle.err);
        assertEquals(List.of(1, 2, 3, 4), EpochMetrics.read(copy.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
        assertEquals(List.of("1-1 fresh", "2-3 checkpoint", "4-4 checkpoint"), runs(copy), "a run that trains no epoch adds none");
        Result moreFromBundle = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "5", "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--resume");
        assertEquals(0, moreFromBundle.code, moreFromBundle.err);
        assertEquals(List.of("1-1 fresh", "2-3 checkpoint", "4-4 checkpoint", "5-5 bundle"), runs(copy),
                "no checkpoint was written by the run that trained nothing, so this one starts from the bundle");
        Result wrongArch = run("train", "--arch", "hw3-cnn", "--data", train.toString(), "--out", copy.toString(),
                "--epochs", "5", "--resume");
        assertEquals(2, wrongArch.code);
        assertTrue(wrongArch.err.contains("holds hw3-dnn, not hw3-cnn"), wrongArch.err);
    }

    @Test
    void weightDecayIsRecordedAndFixedForARun() throws Exception {
        Path out = dir.resolve("decayed");
        Result first = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", out.toString(), "--epochs", "1",
                "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--optimizer", "nesterov", "--lr", "0.01",
                "--weight-decay", "5e-4");
        assertEquals(0, first.code, first.err);
        assertEquals(5e-4, ModelBundle.readMetadata(out).training().weightDecay());
        MultiLayerNetwork checkpoint = checkpoint(out);
        assertEquals(5e-4, ArchitectureOptions.weightDecayOf(checkpoint), 1e-12);
        Result changed = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", out.toString(), "--epochs", "2",
                "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--optimizer", "nesterov", "--lr", "0.01", "--resume");
        assertEquals(2, changed.code);
        assertTrue(changed.err.contains("--weight-decay 0 differs from the 0.0005 the run in " + out), changed.err);
        Result same = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", out.toString(), "--epochs", "2",
                "--batch-size", "35", "--val-fraction", "0.2", "--no-prefetch", "--optimizer", "nesterov", "--lr", "0.01",
                "--weight-decay", "0.0005", "--resume");
        assertEquals(0, same.code, same.err);
        assertEquals(List.of("1-1 fresh", "2-2 checkpoint"), runs(out));
    }

    @Test
    void weightAveragingKeepsTheMeanOfTheAveragedEpochsAndResumesIt() throws Exception {
        Path out = dir.resolve("averaged");
        String[] common = {"train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", out.toString(), "--batch-size", "35",
                "--val-fraction", "0", "--patience", "0", "--no-prefetch", "--optimizer", "nesterov", "--lr", "0.01",
                "--schedule", "cosine", "--swa-lr", "0.002"};
        Result first = run(concat(common, "--epochs", "2", "--swa-from", "2"));
        assertEquals(0, first.code, first.err);
        MultiLayerNetwork afterTwo = checkpoint(out);
        assertTrue(first.out.contains("holds the average of epochs 2-2 (validation accuracy not measured: no validation faces)"), first.out);
        Result badResume = run(concat(common, "--epochs", "3", "--resume", "--swa-from", "3"));
        assertEquals(2, badResume.code);
        assertTrue(badResume.err.contains("averages the weights of epochs 2-2; resume with --swa-from 2 (got 3)"), badResume.err);
        Result resumed = run(concat(common, "--epochs", "3", "--resume", "--swa-from", "2"));
        assertEquals(0, resumed.code, resumed.err);
        MultiLayerNetwork afterThree = checkpoint(out);
        ModelBundle bundle = ModelBundle.load(out);
        // The bundle holds the mean of epochs 2 and 3, except the BatchNorm statistics, recomputed for that mean.
        int compared = 0;
        for (var param : bundle.network().paramTable().entrySet()) {
            if (isBatchNormStatistic(param.getKey())) {
                continue;
            }
            org.nd4j.linalg.api.ndarray.INDArray mean = afterTwo.getParam(param.getKey()).add(afterThree.getParam(param.getKey())).divi(2);
            assertTrue(mean.equalsWithEps(param.getValue(), 1e-5), param.getKey());
            compared++;
        }
        assertTrue(compared >= 8, "weights, biases, gamma and beta compared: " + compared);
        assertTrue(!afterTwo.params().equalsWithEps(afterThree.params(), 1e-5), "epoch 3 trained");
        ModelMetadata meta = bundle.metadata();
        assertEquals(280, meta.trainRows(), "every face trains with --val-fraction 0");
        assertEquals(0, meta.validationRows());
        assertEquals("none", meta.training().split());
        assertEquals(2, meta.training().swaFrom());
        assertEquals(0.002, meta.training().swaLearningRate());
        assertEquals(3, meta.bestEpoch());
        assertTrue(Double.isNaN(meta.bestValidationAccuracy()));
        // cosine from 0.01 down to the averaging rate over the epoch before averaging, then constant
        List<EpochMetrics> rows = EpochMetrics.read(out.resolve("metrics.csv"));
        assertEquals(List.of(0.01, 0.002, 0.002), rows.stream().map(EpochMetrics::learningRate).toList());
        assertTrue(Double.isNaN(rows.get(2).validationAccuracy()));
        // A clone has the bundle (the average) and the trained weights beside it, not the checkpoint: the averaging
        // goes on from those two, with a fresh optimizer state.
        TrainedWeights trained = TrainedWeights.of(out);
        assertTrue(afterThree.params().equalsWithEps(trained.read(3, 2), 1e-6), "the trained weights of epoch 3 beside the bundle");
        assertFalse(Files.exists(trained.file(2)), "only the bundle's epoch is kept");
        org.apache.commons.io.FileUtils.deleteDirectory(out.resolve(Checkpoint.DIR).toFile());
        Result fromBundle = run(concat(common, "--epochs", "4", "--resume", "--swa-from", "2"));
        assertEquals(0, fromBundle.code, fromBundle.err);
        assertEquals(List.of("1-2 fresh", "3-3 checkpoint", "4-4 bundle"), runs(out));
        MultiLayerNetwork afterFour = ModelSerializer.restoreMultiLayerNetwork(trained.file(4).toFile(), false);
        assertTrue(!afterFour.params().equalsWithEps(afterThree.params(), 1e-5), "epoch 4 trained");
        ModelBundle four = ModelBundle.load(out);
        assertEquals(4, four.metadata().epochs());
        for (var param : four.network().paramTable().entrySet()) {
            if (!isBatchNormStatistic(param.getKey())) {
                org.nd4j.linalg.api.ndarray.INDArray mean = afterTwo.getParam(param.getKey()).add(afterThree.getParam(param.getKey()))
                        .addi(afterFour.getParam(param.getKey())).divi(3);
                assertTrue(mean.equalsWithEps(param.getValue(), 1e-5), "mean of epochs 2-4: " + param.getKey());
            }
        }
        org.apache.commons.io.FileUtils.deleteDirectory(out.resolve(Checkpoint.DIR).toFile());
        Files.delete(trained.file(4));
        Result withoutTrained = run(concat(common, "--epochs", "5", "--resume", "--swa-from", "2"));
        assertEquals(2, withoutTrained.code);
        assertTrue(withoutTrained.err.contains("its bundle holds the average of epochs 2-4, not the weights being trained, "
                + "which trained-epoch-0004.zip would hold"), withoutTrained.err);
        Result patience = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", dir.resolve("p").toString(),
                "--val-fraction", "0");
        assertEquals(2, patience.code);
        assertTrue(patience.err.contains("early stopping needs validation faces: with --val-fraction 0 use --patience 0"), patience.err);
    }

    @Test
    void aRunKilledBeforeItsStateWasWrittenResumesFromTheLastCompleteEpoch() throws Exception {
        Path out = dir.resolve("killed");
        String[] common = {"train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", out.toString(), "--batch-size", "35",
                "--val-fraction", "0", "--patience", "0", "--no-prefetch", "--swa-from", "1"};
        assertEquals(0, run(concat(common, "--epochs", "1")).code);
        Path checkpointDir = out.resolve(Checkpoint.DIR);
        // Killed while writing epoch 2: its files exist (one torn), state.json still says epoch 1.
        Files.writeString(checkpointDir.resolve("epoch-0002.zip"), "torn");
        Files.writeString(checkpointDir.resolve("average-0002.bin"), "torn");
        Files.writeString(checkpointDir.resolve("epoch-0002.zip.tmp"), "torn"); // the atomic write's half-written file
        Result resumed = run(concat(common, "--epochs", "2", "--resume"));
        assertEquals(0, resumed.code, resumed.err);
        TrainingState state = Checkpoint.of(out).readState();
        assertEquals(2, state.epochsDone());
        assertEquals(2, state.averagedEpochs());
        assertEquals(List.of("average-0002.bin", "epoch-0002.zip", "state.json"), fileNames(checkpointDir));
        // A checkpoint in the layout before per-epoch names resumes too, and is replaced by the new one.
        Files.move(checkpointDir.resolve("epoch-0002.zip"), checkpointDir.resolve("checkpoint.zip"));
        Files.move(checkpointDir.resolve("average-0002.bin"), checkpointDir.resolve("average.bin"));
        Result legacy = run(concat(common, "--epochs", "3", "--resume"));
        assertEquals(0, legacy.code, legacy.err);
        assertEquals(3, Checkpoint.of(out).readState().averagedEpochs());
        assertEquals(List.of("average-0003.bin", "epoch-0003.zip", "state.json"), fileNames(checkpointDir));
        assertEquals(List.of(1, 2, 3), EpochMetrics.read(out.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
        Files.delete(checkpointDir.resolve("epoch-0003.zip"));
        Result missing = run(concat(common, "--epochs", "4", "--resume"));
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("epoch-0003.zip is missing"), missing.err);
    }

    private static List<String> fileNames(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static MultiLayerNetwork checkpoint(Path bundle) throws java.io.IOException {
        Checkpoint checkpoint = Checkpoint.of(bundle);
        return ModelSerializer.restoreMultiLayerNetwork(checkpoint.networkFile(checkpoint.readState()).toFile(), false);
    }

    /** BatchNorm's running statistics, recomputed for an averaged network rather than averaged. */
    private static boolean isBatchNormStatistic(String paramKey) {
        return paramKey.endsWith("_mean") || paramKey.endsWith("_var") || paramKey.endsWith("_log10stdev");
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    /** model.json's run history as "first-last startedFrom". */
    private static List<String> runs(Path bundle) {
        return ModelBundle.readMetadata(bundle).runsOrEmpty().stream()
                .map(r -> r.firstEpoch() + "-" + r.lastEpoch() + " " + r.startedFrom()).toList();
    }

    @Test
    void evaluateJsonHasAccuracyConfusionAndPerClass() throws Exception {
        Result r = run("evaluate", "--model", bundle.toString(), "--data", test.toString(), "--labels", labels.toString(), "--json");
        assertEquals(0, r.code, r.err);
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals(35, json.get("n").asLong());
        long total = 0;
        long diagonal = 0;
        for (int a = 0; a < 7; a++) {
            for (int p = 0; p < 7; p++) {
                long c = json.get("confusion").get(a).get(p).asLong();
                total += c;
                diagonal += a == p ? c : 0;
            }
            assertEquals(5, sumRow(json, a), "each class has 5 test faces");
        }
        assertEquals(35, total);
        assertEquals(diagonal / 35.0, json.get("accuracy").asDouble(), 1e-9);
        assertEquals(7, json.get("per_class").size());
        assertTrue(json.get("per_class").get(0).has("recall"));
    }

    @Test
    void evaluateTtaTakesAnOptionalViewSet() throws Exception {
        for (String[] tta : new String[][]{{"--tta"}, {"--tta", "shifts"}, {}}) {
            List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--model", bundle.toString(), "--data",
                    test.toString(), "--labels", labels.toString()));
            args.addAll(List.of(tta));
            args.add("--json");
            Result r = run(args.toArray(String[]::new));
            assertEquals(0, r.code, r.err);
            JsonNode json = new ObjectMapper().readTree(r.out);
            int views = tta.length == 0 ? 1 : tta.length == 1 ? 2 : 10;
            assertEquals(views, json.get("tta_views").asInt(), String.join(" ", tta));
            assertEquals(views > 1, json.get("tta").asBoolean());
        }
        Result bad = run("evaluate", "--model", bundle.toString(), "--data", test.toString(), "--labels", labels.toString(),
                "--tta", "crops");
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("unknown test-time augmentation 'crops'; use none, mirror or shifts"), bad.err);
    }

    private static long sumRow(JsonNode json, int row) {
        long sum = 0;
        for (JsonNode cell : json.get("confusion").get(row)) {
            sum += cell.asLong();
        }
        return sum;
    }

    @Test
    void predictWritesSubmissionFormat() throws Exception {
        Path out = dir.resolve("submission.csv");
        Result r = run("predict", "--model", bundle.toString(), "--data", test.toString(), "--out", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out);
        assertEquals("id,label", lines.get(0));
        assertEquals(36, lines.size());
        assertTrue(lines.get(1).matches("0,[0-6]"), lines.get(1));
    }

    @Test
    void evaluateWithoutLabelsExplainsWhatIsMissing() {
        Path noLabels = dir.resolve("elsewhere");
        Result r = run("evaluate", "--model", bundle.toString(), "--data", test.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("has no labels") && r.err.contains("--labels"), r.err + noLabels);
    }

    @Test
    void badInputsGiveOneClearLine() throws Exception {
        Result missingModel = run("evaluate", "--model", dir.resolve("nope").toString(), "--data", test.toString());
        assertEquals(2, missingModel.code);
        assertTrue(missingModel.err.contains("model bundle") && missingModel.err.contains("not found"), missingModel.err);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "label,feature\n3,1 2 3\n");
        Result badData = run("train", "--arch", "hw3-dnn", "--data", bad.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, badData.code);
        assertTrue(badData.err.contains("bad.csv:2: pixel count is 3, expected 2304"), badData.err);
        Result badArch = run("train", "--arch", "resnet", "--data", train.toString(), "--out", dir.resolve("y").toString());
        assertEquals(2, badArch.code);
        assertTrue(badArch.err.contains("unknown architecture 'resnet'"), badArch.err);
        Result badSchedule = run("train", "--arch", "hw3-dnn", "--schedule", "wiggly", "--data", train.toString(), "--out", dir.resolve("z").toString());
        assertTrue(badSchedule.err.contains("unknown learning-rate schedule 'wiggly'"), badSchedule.err);
    }

    @Test
    void aBinaryDataFileGivesOnePrintableLine() throws Exception {
        byte[] bytes = new byte[3000];
        new java.util.Random(3).nextBytes(bytes);
        bytes[0] = 0x1b;
        bytes[1] = (byte) 0x9b; // C1 CSI
        Path binary = Files.write(dir.resolve("garbage.csv"), bytes);
        Result r = run("evaluate", "--model", bundle.toString(), "--data", binary.toString(), "--labels", labels.toString());
        assertEquals(2, r.code);
        List<String> lines = r.err.lines().toList();
        assertEquals(1, lines.size(), r.err);
        String line = lines.get(0);
        assertTrue(line.startsWith("ferstream evaluate: error: " + binary + ":1: unknown header '\\x1b\\ufffd"), line);
        assertTrue(line.length() < binary.toString().length() + 600, "an excerpt, not the whole header: " + line.length());
        for (char c : line.toCharArray()) {
            assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f), "control character " + (int) c + " in " + line);
        }
    }

    /**
     * The readers' error for a malformed row suggests --skip-bad; every command that reads a data file must accept it
     * (and whatever else an error suggests). analyze is left to its rewrite (issue 20's analysis part).
     */
    @Test
    void everyOptionADataErrorSuggestsIsOneTheCommandAccepts() throws Exception {
        Path bad = Files.writeString(dir.resolve("malformed.csv"), "label,feature\n3,1 2 3\n");
        Path copy = dir.resolve("recalibrate-bad-data");
        org.apache.commons.io.FileUtils.copyDirectory(bundle.toFile(), copy.toFile());
        String[][] commands = {
                {"train", "--arch", "hw3-dnn", "--data", bad.toString(), "--out", dir.resolve("never").toString()},
                {"evaluate", "--model", bundle.toString(), "--data", bad.toString()},
                {"compare", "--model", bundle.toString(), "--model", bundle.toString(), "--data", bad.toString()},
                {"predict", "--model", bundle.toString(), "--data", bad.toString(), "--out", dir.resolve("never.csv").toString()},
                {"recalibrate", "--model", copy.toString(), "--data", bad.toString()},
                {"bench", "--arch", "hw3-dnn", "--data", bad.toString()},
                {"analyze", "--model", bundle.toString(), "--data", badFolder(bad).toString(), "--out", dir.resolve("never-report").toString()}};
        for (String[] command : commands) {
            Result r = run(command);
            assertEquals(2, r.code, command[0] + ": " + r.err);
            assertTrue(r.err.contains((command[0].equals("analyze") ? "train.csv.gz" : "malformed.csv")
                    + ":2: pixel count is 3, expected 2304 (use --skip-bad to skip such rows)"),
                    command[0] + ": " + r.err);
            CommandLine.Model.CommandSpec spec = FerstreamCli.commandLine().getSubcommands().get(command[0]).getCommandSpec();
            java.util.regex.Matcher suggested = java.util.regex.Pattern.compile("--[a-z][a-z-]*").matcher(r.err);
            while (suggested.find()) {
                assertTrue(spec.findOption(suggested.group()) != null, command[0] + " accepts " + suggested.group());
            }
        }
        // and taking the advice works: the bad row is skipped and reported, the good ones are used
        Files.writeString(bad, Files.readString(train).replaceFirst("\n", "\n3,1 2 3\n"));
        Result skipped = run("recalibrate", "--model", copy.toString(), "--data", bad.toString(), "--faces", "50", "--skip-bad");
        assertEquals(0, skipped.code, skipped.err);
        assertTrue(skipped.out.contains("recalibrated 4 BatchNorm layers on 50 faces"), skipped.out);
    }

    /** analyze reads a FER2013 folder: one whose train.csv.gz holds the malformed rows. */
    private Path badFolder(Path bad) throws java.io.IOException {
        Path folder = Files.createDirectories(dir.resolve("bad-folder"));
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(folder.resolve("train.csv.gz")))) {
            out.write(Files.readAllBytes(bad));
        }
        return folder;
    }

    @Test
    void recalibrateRewritesTheBundleAndReportsValidationAccuracy() throws Exception {
        Path copy = dir.resolve("recalibrated");
        org.apache.commons.io.FileUtils.copyDirectory(bundle.toFile(), copy.toFile());
        Result r = run("recalibrate", "--model", copy.toString(), "--data", train.toString(), "--faces", "100");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("recalibrated 4 BatchNorm layers on 100 faces; validation accuracy"), r.out);
        double after = Double.parseDouble(r.out.trim().replaceAll(".*-> ", ""));
        JsonNode meta = new ObjectMapper().readTree(copy.resolve("model.json").toFile());
        assertEquals(after, meta.get("bestValidationAccuracy").asDouble(), 1e-4);
    }

    @Test
    void recalibrateSaysSoWhenTheBundleHoldsNoValidationFaces() {
        Path out = dir.resolve("every-face");
        Result trained = run("train", "--arch", "hw3-dnn", "--data", train.toString(), "--out", out.toString(), "--epochs", "1",
                "--batch-size", "35", "--val-fraction", "0", "--patience", "0", "--no-prefetch");
        assertEquals(0, trained.code, trained.err);
        Result r = run("recalibrate", "--model", out.toString(), "--data", train.toString(), "--faces", "100");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("on 100 faces; no validation faces held out (the bundle trained on every face)"), r.out);
        assertFalse(r.out.contains("NaN"), r.out);
    }

    @Test
    void summaryPrintsKerasTotals() {
        Result r = run("summary", "--arch", "hw3-cnn");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("Total params: 2,209,059"), r.out);
        assertTrue(r.out.contains("Non-trainable params: 1,166"), r.out);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : FerstreamCli.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) {
                continue;
            }
            Result r = run(sub, "--help");
            assertEquals(0, r.code, sub);
            assertTrue(r.out.contains("Usage: ferstream " + sub), sub + ": " + r.out);
        }
    }
}
