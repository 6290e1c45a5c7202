package dev.ferstream.jobs.functions;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.jobs.BadVersions;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.lifecycle.ModelRef;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Model decisions in the classifier, with real bundles in a real (local) registry: a swap lands between two faces
 * and loses none, every kind of bad version is rejected while the old one keeps serving, a challenger scores the same
 * faces into the shadow output, and a restored operator serves what it served before.
 */
class ModelSwapTest {
    @TempDir
    static Path dir;
    static ClassifierHarness models;
    static ModelRegistry registry;
    static PublishedVersion v2;
    static final String startVersion = "hw3-dnn@2026-01-01T00:00:00Z";

    @BeforeAll
    static void publish() throws Exception {
        models = new ClassifierHarness(dir);
        registry = models.registry;
        v2 = models.v2;
    }

    private static ModelChange change(PublishedVersion v, ModelRole role) {
        return new ModelChange(new ModelRef(v.name(), v.version(), v.uri(), v.manifestSha256()), role, 0, "test");
    }

    private static FaceEvent face(int i) {
        return new FaceEvent("f" + i, 1_000 + i, TinyModel.face(i));
    }

    /** Feeds faces until v2 reaches the status (loads run on their own thread); returns faces fed. */
    private static int feedUntil(TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> h, int from,
                                 ModelStatus status) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        int i = from;
        while (events(h).stream().noneMatch(e -> e.status() == status && e.version().equals("v2"))) {
            if (System.currentTimeMillis() > deadline) {
                fail("no " + status + " event within 60 s; events: " + events(h));
            }
            h.processElement1(face(i), 1_000 + i);
            i++;
            Thread.sleep(5);
        }
        return i - from;
    }

    private static List<ModelStatusEvent> events(TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> h) {
        var q = h.getSideOutput(ModelServingOperator.EVENTS);
        List<ModelStatusEvent> out = new ArrayList<>();
        if (q != null) {
            q.forEach(r -> out.add(((StreamRecord<ModelStatusEvent>) r).getValue()));
        }
        return out;
    }

    private static List<String> versions(TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> h) {
        return h.extractOutputValues().stream().map(c -> c.prediction().modelVersion()).toList();
    }

    @Test
    void swapsBetweenTwoFacesAndLosesNone() throws Exception {
        try (var h = models.open(1, 1.0)) {
            for (int i = 0; i < 5; i++) {
                h.processElement1(face(i), 1_000 + i);
            }
            h.processElement2(new StreamRecord<>(change(v2, ModelRole.CHAMPION)));
            int fed = 5 + feedUntil(h, 5, ModelStatus.SERVING);
            for (int i = fed; i < fed + 5; i++) {
                h.processElement1(face(i), 1_000 + i);
            }
            List<String> versions = versions(h);
            assertEquals(fed + 5, versions.size(), "one prediction per face, none lost in the swap");
            int first = versions.indexOf("v2");
            assertTrue(first >= 5, "the first five faces were classified before the decision");
            assertTrue(versions.subList(0, first).stream().allMatch(startVersion::equals));
            assertTrue(versions.subList(first, versions.size()).stream().allMatch("v2"::equals),
                    "after the swap every prediction carries v2: " + versions);
            ModelStatusEvent serving = events(h).stream().filter(e -> e.status() == ModelStatus.SERVING
                    && e.version().equals("v2")).findFirst().orElseThrow();
            assertTrue(serving.loadSeconds() > 0, "load time is reported");
            assertEquals(List.of(ModelStatus.SERVING, ModelStatus.LOADING, ModelStatus.SERVING),
                    events(h).stream().map(ModelStatusEvent::status).toList());
        }
    }

    @Test
    void rejectsEveryKindOfBadVersionAndKeepsServing() throws Exception {
        Map<String, ModelChange> bad = new TreeMap<>();
        new BadVersions(registry, dir, "tiny").all("bad")
                .forEach((reason, v) -> bad.put(reason, change(v, ModelRole.CHAMPION)));
        try (var h = models.open(1, 1.0)) {
            int i = 0;
            for (Map.Entry<String, ModelChange> b : bad.entrySet()) {
                int rejectedBefore = (int) events(h).stream().filter(e -> e.status() == ModelStatus.REJECTED).count();
                h.processElement2(new StreamRecord<>(b.getValue()));
                long deadline = System.currentTimeMillis() + 60_000;
                while (events(h).stream().filter(e -> e.status() == ModelStatus.REJECTED).count() == rejectedBefore) {
                    assertTrue(System.currentTimeMillis() < deadline, "no rejection of " + b.getValue().model());
                    h.processElement1(face(i), 1_000 + i++);
                    Thread.sleep(5);
                }
                ModelStatusEvent rejected = events(h).stream().filter(e -> e.status() == ModelStatus.REJECTED)
                        .reduce((a, c) -> c).orElseThrow();
                assertEquals(b.getValue().model().version(), rejected.version());
                assertTrue(rejected.reason().contains(b.getKey()), b.getKey() + " not in: " + rejected.reason());
            }
            assertEquals(i, versions(h).size(), "no face lost");
            assertTrue(versions(h).stream().allMatch(startVersion::equals), "the start model served throughout");
            assertFalse(events(h).stream().anyMatch(e -> e.status() == ModelStatus.SERVING && !e.version().equals(startVersion)));
        }
    }

    @Test
    void aDecisionReplacedWhileLoadingIsStillReported() throws Exception {
        ModelChange missing = new ModelChange(new ModelRef("tiny", "v8", v2.uri().replace("/v2", "/v8"),
                v2.manifestSha256()), ModelRole.CHAMPION, 0, "test");
        try (var h = models.open(1, 1.0)) {
            h.processElement2(new StreamRecord<>(missing));
            h.processElement2(new StreamRecord<>(change(v2, ModelRole.CHAMPION)));
            feedUntil(h, 0, ModelStatus.SERVING);
            long deadline = System.currentTimeMillis() + 30_000;
            int i = 1_000;
            while (events(h).stream().noneMatch(e -> e.version().equals("v8") && e.status() == ModelStatus.REJECTED)) {
                assertTrue(System.currentTimeMillis() < deadline, "v8's rejection was lost: " + events(h));
                h.processElement1(face(i), 1_000 + i++);
                Thread.sleep(5);
            }
            assertTrue(versions(h).stream().noneMatch("v8"::equals));
        }
    }

    @Test
    void challengerScoresTheSameFacesIntoTheShadowOutput() throws Exception {
        try (var h = models.open(4, 1.0)) {
            h.processElement2(new StreamRecord<>(change(v2, ModelRole.CHALLENGER)));
            int fed = feedUntil(h, 0, ModelStatus.SHADOWING);
            h.prepareSnapshotPreBarrier(1);
            int before = h.getSideOutput(ClassifyOperator.SHADOW) == null ? 0 : h.getSideOutput(ClassifyOperator.SHADOW).size();
            for (int i = fed; i < fed + 40; i++) {
                h.processElement1(face(i), 1_000 + i);
            }
            h.prepareSnapshotPreBarrier(2);
            List<PredictionEvent> shadow = new ArrayList<>();
            h.getSideOutput(ClassifyOperator.SHADOW).forEach(r -> shadow.add(((StreamRecord<PredictionEvent>) r).getValue()));
            assertEquals(40, shadow.size() - before, "every face after SHADOWING was also scored by the challenger");
            assertTrue(shadow.stream().allMatch(p -> p.modelVersion().equals("v2")));
            assertTrue(versions(h).stream().allMatch(startVersion::equals), "predictions stay the champion's");
            int[] expected = TinyModel.predict(dir.resolve("tiny2"), List.of(TinyModel.face(fed)));
            assertEquals(expected[0], shadow.get(before).label(), "the challenger's own answer");
        }
    }

    @Test
    void shadowFractionIsChosenByIdAndReproducible() {
        ShadowSelection half = new ShadowSelection(0.5);
        long chosen = java.util.stream.IntStream.range(0, 10_000).filter(i -> half.includes("face-" + i)).count();
        assertTrue(chosen > 4_800 && chosen < 5_200, "about half: " + chosen);
        assertEquals(half.includes("face-42"), new ShadowSelection(0.5).includes("face-42"));
        assertFalse(new ShadowSelection(0).includes("face-1"));
    }

    @Test
    void restoredOperatorServesWhatItServedBefore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = models.open(1, 1.0)) {
            h.processElement2(new StreamRecord<>(change(v2, ModelRole.CHAMPION)));
            feedUntil(h, 0, ModelStatus.SERVING);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new TwoInputStreamOperatorTestHarness<>(models.operator(1, 1.0))) {
            h.initializeState(snapshot);
            h.open();
            h.processElement1(face(0), 1_000);
            assertEquals(List.of("v2"), versions(h), "the restored subtask serves v2 from its first face");
        }
    }

}
