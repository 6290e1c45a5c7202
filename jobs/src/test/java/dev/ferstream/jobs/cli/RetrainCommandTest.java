package dev.ferstream.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.data.Face;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.registry.Manifest;
import dev.ferstream.jobs.retrain.HoldoutSplit;
import dev.ferstream.jobs.retrain.RetrainFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferstream retrain} end to end on generated faces, a real registry folder and an embedded KRaft broker: a
 * champion trained on one "camera" meets feedback from another; the fine-tune that learns it is published as
 * challenger, a destroyed one is refused, and bad input is one line with exit status 2.
 */
class RetrainCommandTest {
    private static final String TOPIC = "models";

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static Path registry;
    static String championUri;
    static Path replay;

    @BeforeAll
    static void championPublishedAsServing() throws Exception {
        kafka = EmbeddedKafka.start();
        Path oldCamera = RetrainFixtures.writeCsv(dir.resolve("old-camera.csv"), RetrainFixtures.faces("o", 280, false, 1));
        Path bundle = RetrainFixtures.trainChampion(oldCamera, dir.resolve("champion"));
        replay = RetrainFixtures.writeCsv(dir.resolve("replay.csv"), RetrainFixtures.faces("r", 140, false, 2));
        registry = dir.resolve("registry");
        Result r = run("publish", "--model", bundle.toString(), "--registry", registry.toUri().toString(), "--name", "fer",
                "--role", "champion", "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(0, r.code(), r.err());
        championUri = registry.toUri() + "fer/v1";
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void aCandidateThatLearnsTheNewCameraIsPublishedAsChallenger() throws Exception {
        List<Face> newCamera = RetrainFixtures.faces("n", 300, true, 3);
        Path store = RetrainFixtures.writeStore(dir.resolve("feedback-new"), newCamera);
        Path work = dir.resolve("work-better");
        Result r = retrain(store, work, "--replay-data", replay.toString(), "--replay-weight", "0.5", "--lr", "1e-3",
                "--augment", "none", "--bn-recalibrate", "256");
        assertEquals(0, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(Files.readString(work.resolve("summary.json")));
        assertEquals(s, new ObjectMapper().readTree(r.out()), "the same summary on stdout and in --json");

        long heldOut = newCamera.stream().filter(f -> HoldoutSplit.heldOut(f.id(), 0.2)).count();
        JsonNode data = s.get("data");
        assertEquals(300, data.get("feedbackRead").asInt());
        assertEquals(heldOut, data.get("holdout").asLong());
        assertEquals(300 - heldOut, data.get("train").asLong());
        assertTrue(heldOut >= 45 && heldOut <= 75, "about a fifth held out: " + heldOut);
        assertEquals(Math.round(0.5 * (300 - heldOut)), data.get("replay").asLong());
        assertEquals(140, data.get("replayRead").asInt());
        long shifted = data.get("replayShifted").asLong();
        assertTrue(shifted > 0.3 * data.get("replay").asLong() && shifted < 0.7 * data.get("replay").asLong(),
                "about half the replay through random cameras: " + shifted + " of " + data.get("replay"));
        assertHoldoutHoldsTheHeldOutFaces(work, newCamera);
        assertEquals(301 - heldOut, Files.readString(work.resolve("train.csv")).lines().count(), "header + train part");

        JsonNode gate = s.get("gate");
        assertEquals(heldOut, gate.get("faces").asLong());
        assertTrue(gate.get("championAccuracy").asDouble() < 0.2, "the old camera's model fails: " + gate);
        assertTrue(gate.get("candidateAccuracy").asDouble() > 0.9, "the fine-tune learns the new camera: " + gate);
        assertTrue(gate.get("pValue").asDouble() < 1e-6, gate.toString());
        assertTrue(gate.get("candidateBetter").asBoolean());
        JsonNode forgetting = s.get("forgetting");
        assertEquals(140 - data.get("replay").asInt(), forgetting.get("faces").asInt(), "the replay data's other faces");
        assertTrue(forgetting.get("championAccuracy").asDouble() > 0.9, "the champion knows them: " + forgetting);
        assertEquals(forgetting.get("championAccuracy").asDouble(), forgetting.get("candidateAccuracy").asDouble(),
                "the old camera's faces run on the old camera's statistics: nothing forgotten (the next test: 0.79 without)");
        assertTrue(forgetting.get("kept").asBoolean(), forgetting.toString());
        assertTrue(s.get("reason").asText().endsWith("; it keeps the original faces (%.4f vs %.4f on %d outside the"
                .formatted(forgetting.get("candidateAccuracy").asDouble(), forgetting.get("championAccuracy").asDouble(),
                        forgetting.get("faces").asInt()) + " replay, loss within --max-forgetting 0.03)"), s.get("reason").asText());
        JsonNode statistics = s.get("statistics");
        assertEquals(List.of("per-camera", 300 - heldOut, data.get("replay").asLong(), 1.0),
                List.of(statistics.get("mode").asText(), statistics.get("feedbackFaces").asLong(),
                        statistics.get("originalFaces").asLong(), statistics.get("detectorAccuracy").asDouble()));
        assertEquals(3, s.get("fineTune").get("epochs").asInt());
        assertEquals("published", s.get("decision").asText());
        assertEquals("models-topic", s.get("champion").get("verifiedBy").asText());

        JsonNode published = s.get("published");
        assertEquals(List.of("fer", "v2", "challenger"), List.of(published.get("name").asText(),
                published.get("version").asText(), published.get("role").asText()));
        Path v2 = registry.resolve("fer").resolve("v2");
        assertTrue(Files.isRegularFile(v2.resolve("camera.json")), "the camera's statistics travel with the version");
        assertTrue(Files.readString(v2.resolve(Manifest.FILE)).contains("camera.json"), "and are in its manifest");
        String manifestSha = Manifest.sha256(Files.readAllBytes(v2.resolve(Manifest.FILE)));
        assertEquals(manifestSha, published.get("manifestSha256").asText());

        ModelUpdate last = lastDecision();
        assertEquals(List.of("fer", "v2", "retrain", "hw3-dnn"), List.of(last.getName(), last.getVersion(),
                last.getDecidedBy(), last.getArchitecture()));
        assertEquals(ModelRole.CHALLENGER, last.getRole());
        assertEquals(manifestSha, last.getManifestSha256());
        assertEquals(published.get("uri").asText(), last.getUri());

        JsonNode model = new ObjectMapper().readTree(v2.resolve("model.json").toFile());
        assertEquals(new org.apache.flink.core.fs.Path(championUri).toString(), model.get("parent").get("path").asText());
        assertEquals(Manifest.sha256(Files.readAllBytes(registry.resolve("fer/v1/model.zip"))),
                model.get("parent").get("sha256").asText());
        JsonNode mix = model.get("dataMix");
        assertEquals(3, mix.size(), "feedback, plain replay, replay through cameras");
        assertEquals(work.resolve("train.csv").toString(), mix.get(0).get("path").asText());
        assertEquals(2.0 / 3, mix.get(0).get("share").asDouble(), 1e-9);
        long replayed = data.get("replay").asLong();
        assertEquals(work.resolve("replay.csv").toString(), mix.get(1).get("path").asText());
        assertEquals(replayed - shifted, mix.get(1).get("trainRows").asLong());
        assertEquals(work.resolve("replay-cameras.csv").toString(), mix.get(2).get("path").asText());
        assertEquals(shifted, mix.get(2).get("trainRows").asLong());
        assertEquals(1.0 / 3, mix.get(1).get("share").asDouble() + mix.get(2).get("share").asDouble(), 1e-9);
        assertEquals(1.0 / 3 * (replayed - shifted) / replayed, mix.get(1).get("share").asDouble(), 1e-9);
        assertEquals(0.5, s.get("fineTune").get("distillWeight").asDouble());
        assertEquals("teacher=" + model.get("parent").get("path").asText() + " weight=0.5 data=2,3",
                model.get("training").get("distillation").asText(), "the champion teaches both replay parts");
        assertEquals("none cameras=data3", model.get("training").get("augmentation").asText(),
                "the camera part goes through random cameras as it is drawn");
        assertTrue(s.get("fineTune").get("frozenFrom").isNull(), "--freeze-from last-stage: hw3-dnn has no stages");
        assertFalse(model.get("training").has("frozenFrom"), model.get("training").toString());
    }

    @Test
    void aCandidateThatForgetsTheOldCameraIsRefusedThoughItWinsTheHoldout() throws Exception {
        Path store = RetrainFixtures.writeStore(dir.resolve("feedback-forgets"), RetrainFixtures.faces("f", 300, true, 6));
        List<String> versionsBefore = versions();
        int decisionsBefore = decisions().size();
        // the statistics as the fine-tune left them (--bn-recalibrate 0): one set for both cameras, the new one's
        Result r = retrain(store, dir.resolve("work-forgets"), "--replay-data", replay.toString(), "--replay-weight",
                "0.5", "--lr", "1e-3", "--augment", "none", "--bn-recalibrate", "0");
        assertEquals(1, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("as-trained", s.get("statistics").get("mode").asText());
        assertTrue(s.get("gate").get("candidateBetter").asBoolean(), "it learned the new camera: " + s.get("gate"));
        JsonNode forgetting = s.get("forgetting");
        double lost = forgetting.get("championAccuracy").asDouble() - forgetting.get("candidateAccuracy").asDouble();
        assertTrue(lost > 0.03, forgetting.toString());
        assertFalse(forgetting.get("kept").asBoolean());
        assertEquals(List.of("refused", "the candidate forgets the original faces"),
                List.of(s.get("decision").asText(), s.get("reason").asText().split(":")[0]));
        assertTrue(s.get("published").isNull());
        assertEquals(versionsBefore, versions(), "no new registry version");
        assertEquals(decisionsBefore, decisions().size(), "no new decision on the models topic");
    }

    @Test
    void aCandidateThatLearnedNothingIsRefusedAndNothingIsPublished() throws Exception {
        List<Face> noise = RetrainFixtures.relabelled(RetrainFixtures.faces("x", 210, false, 4), 5);
        Path store = RetrainFixtures.writeStore(dir.resolve("feedback-noise"), noise);
        List<String> versionsBefore = versions();
        int decisionsBefore = decisions().size();
        Path work = dir.resolve("work-noise");
        Result r = retrain(store, work, "--no-replay", "--lr", "1e-3", "--augment", "none");
        assertEquals(1, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("refused", s.get("decision").asText());
        assertTrue(s.get("published").isNull());
        JsonNode gate = s.get("gate");
        assertFalse(gate.get("candidateBetter").asBoolean());
        assertTrue(gate.get("pValue").asDouble() > 0.05, gate.toString());
        assertTrue(s.get("forgetting").isNull(), "no replay, no forgetting check");
        assertTrue(s.get("reason").asText().startsWith("the candidate"), s.get("reason").asText());
        assertEquals(0, s.get("data").get("replay").asInt());
        assertEquals(versionsBefore, versions(), "no new registry version");
        assertEquals(decisionsBefore, decisions().size(), "no new decision on the models topic");
    }

    @Test
    void shortFeedbackAUsedWorkFolderAndABadChampionAreOneLineWithStatus2() throws Exception {
        Path store = RetrainFixtures.writeStore(dir.resolve("feedback-short"), RetrainFixtures.faces("s", 42, true, 6));
        Result shortStore = retrain(store, dir.resolve("work-short"), "--no-replay");
        assertEquals(2, shortStore.code());
        assertEquals("ferstream retrain: error: --feedback " + store + ": 42 labelled face(s), fewer than --min-faces 100",
                shortStore.err().strip());

        Path used = Files.createDirectories(dir.resolve("work-used").resolve("candidate")).getParent();
        Result again = retrain(store, used, "--no-replay");
        assertEquals(2, again.code());
        assertEquals("ferstream retrain: error: --work " + used + " already holds a candidate/ from an earlier retrain;"
                + " choose another --work (or leave it out for a new temporary folder)", again.err().strip());

        Result missing = run("retrain", "--feedback", store.toString(), "--champion", "fer/v9", "--registry",
                registry.toUri().toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--no-replay",
                "--work", dir.resolve("work-missing").toString());
        assertEquals(2, missing.code());
        assertEquals("ferstream retrain: error: --champion " + new org.apache.flink.core.fs.Path(registry.toUri() + "fer/v9")
                + ": version not found", missing.err().strip());

        Path altered = registry.resolve("fer").resolve("altered");
        Files.createDirectories(altered);
        try (Stream<Path> files = Files.list(registry.resolve("fer/v1"))) {
            for (Path f : files.toList()) {
                Files.copy(f, altered.resolve(f.getFileName()));
            }
        }
        Files.writeString(altered.resolve("model.json"), " ", java.nio.file.StandardOpenOption.APPEND);
        Result tampered = run("retrain", "--feedback", store.toString(), "--champion", "fer/altered", "--registry",
                registry.toUri().toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--no-replay",
                "--work", dir.resolve("work-altered").toString());
        assertEquals(2, tampered.code());
        assertTrue(tampered.err().strip().matches("ferstream retrain: error: --champion \\S+/fer/altered: model.json fails its"
                + " checksum \\(manifest [0-9a-f]{12}…, file [0-9a-f]{12}…\\)"), tampered.err());
    }

    private static Result retrain(Path store, Path work, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("retrain", "--feedback", store.toString(),
                "--champion", championUri, "--registry", registry.toUri().toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--models-topic", TOPIC, "--epochs", "3",
                "--batch-size", "32", "--no-prefetch", "--work", work.toString(),
                "--json", work.resolve("summary.json").toString()));
        args.addAll(List.of(more));
        if (!args.contains("--bn-recalibrate")) {
            args.addAll(List.of("--bn-recalibrate", "0"));
        }
        return run(args.toArray(String[]::new));
    }

    /** A CSV has no ids: the hold-out file's faces must be the held-out feedback faces, in order. */
    private static void assertHoldoutHoldsTheHeldOutFaces(Path work, List<Face> feedback) {
        List<Face> held = dev.ferstream.data.FaceReader.read(work.resolve("holdout.csv"),
                dev.ferstream.data.ReadOptions.strict()).faces();
        List<Face> expected = feedback.stream().filter(f -> HoldoutSplit.heldOut(f.id(), 0.2)).toList();
        assertEquals(expected.size(), held.size());
        for (int i = 0; i < held.size(); i++) {
            assertTrue(java.util.Arrays.equals(expected.get(i).pixels(), held.get(i).pixels()), "hold-out face " + i);
            assertEquals(expected.get(i).label(), held.get(i).label());
        }
    }

    private static List<String> versions() throws Exception {
        try (Stream<Path> list = Files.list(registry.resolve("fer"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<ModelUpdate> decisions() {
        Properties p = new Properties();
        p.putAll(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        return new ModelsTopic(p, TOPIC).read().updates();
    }

    private static ModelUpdate lastDecision() {
        List<ModelUpdate> all = decisions();
        return all.get(all.size() - 1);
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            CommandLine cli = JobsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(previous);
        }
    }
}
