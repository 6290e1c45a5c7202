package dev.ferstream.jobs.functions;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.jobs.config.GateSettings;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.GateInput;
import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.events.PairedVerdict;
import dev.ferstream.jobs.events.ScoredPair;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelRef;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pairing faces both models scored, and the gate's promote / keep / roll-back decisions with their figures. */
class PromotionGateTest {
    private static final String SHA = "a".repeat(64);
    private static final ModelRef V1 = new ModelRef("m", "v1", "file:///r/m/v1", SHA);
    private static final ModelRef V2 = new ModelRef("m", "v2", "file:///r/m/v2", SHA);
    private static final ModelRef V3 = new ModelRef("m", "v3", "file:///r/m/v3", SHA);

    @Test
    void pairsTheTwoModelsAnswersForOneFaceAndForgetsUnpairedFaces() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new PairVerdicts(Duration.ofSeconds(5)),
                (ScoredPair s) -> s.pair().id(), Types.STRING)) {
            h.processElement(new ScoredPair(new MatchedPair("a", 3, 3, "v1", 1_000, 2_000), false), 2_000);
            h.processElement(new ScoredPair(new MatchedPair("b", 2, 2, "v2", 1_000, 2_000), true), 2_000);
            h.processElement(new ScoredPair(new MatchedPair("a", 3, 4, "v2", 1_000, 2_100), true), 2_100);
            assertEquals(List.of(new PairedVerdict("a", "v1", "v2", true, false, 2_100)), h.extractOutputValues());
            h.processWatermark(new Watermark(6_001));
            h.processElement(new ScoredPair(new MatchedPair("b", 2, 1, "v1", 1_000, 2_000), false), 7_000);
            assertEquals(1, h.extractOutputValues().size(), "b's challenger pair expired before its champion pair came");
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, GateInput, ModelChange, ModelChange> gate(GateSettings s,
                                                                                                      ModelAssignment start)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new PromotionGate(s, start),
                in -> "gate", Types.STRING, ModelServingOperator.STATE);
    }

    private static List<ModelStatusEvent> events(KeyedBroadcastOperatorTestHarness<String, GateInput, ModelChange, ModelChange> h) {
        List<ModelStatusEvent> out = new ArrayList<>();
        var q = h.getSideOutput(ModelServingOperator.EVENTS);
        if (q != null) {
            q.forEach(r -> out.add(((StreamRecord<ModelStatusEvent>) r).getValue()));
        }
        return out;
    }

    /** {@code n} paired faces: the champion right on the first {@code championRight}, the challenger on the first {@code challengerRight}. */
    private static void verdicts(KeyedBroadcastOperatorTestHarness<String, GateInput, ModelChange, ModelChange> h, int n,
                                 int championRight, int challengerRight) throws Exception {
        for (int i = 0; i < n; i++) {
            h.processElement(GateInput.of(new PairedVerdict("f" + i, "v1", "v2", i < championRight, i < challengerRight, i)), i);
        }
    }

    @Test
    void promotesABetterChallengerOnceItsPairsAreEnoughAndSignificant() throws Exception {
        try (var h = gate(new GateSettings(true, 200, 0.02, 0.05, 0), new ModelAssignment(V1, V2, List.of()))) {
            verdicts(h, 199, 100, 130);
            assertTrue(h.extractOutputValues().isEmpty(), "no decision before gate.min-pairs");
            verdicts(h, 1, 0, 0);
            List<ModelChange> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("v2", out.get(0).model().version());
            assertEquals(ModelRole.CHAMPION, out.get(0).role());
            assertEquals("gate", out.get(0).decidedBy());
            ModelStatusEvent e = events(h).get(0);
            assertEquals(ModelStatus.PROMOTED, e.status());
            assertTrue(e.reason().contains("200 paired faces") && e.reason().contains("only champion right 0, only challenger right 30"),
                    e.reason());
            verdicts(h, 300, 0, 300);
            assertEquals(1, h.extractOutputValues().size(), "a match-up is decided once");
        }
    }

    @Test
    void keepsAChallengerThatIsNotSignificantlyBetter() throws Exception {
        try (var h = gate(new GateSettings(true, 100, 0, 0.05, 0), new ModelAssignment(V1, V2, List.of()))) {
            verdicts(h, 100, 60, 62);
            assertTrue(h.extractOutputValues().isEmpty());
            assertEquals(ModelStatus.KEPT, events(h).get(0).status());
        }
    }

    @Test
    void ignoresVerdictsOfAnotherMatchUp() throws Exception {
        try (var h = gate(new GateSettings(true, 10, 0, 0.05, 0), new ModelAssignment(V1, V3, List.of()))) {
            verdicts(h, 50, 0, 50);
            assertTrue(h.extractOutputValues().isEmpty() && events(h).isEmpty(), "v1 vs v2 faces do not count for v1 vs v3");
        }
    }

    @Test
    void rollsBackAChampionBelowTheFloorToTheOneBefore() throws Exception {
        try (var h = gate(new GateSettings(true, 50, 0, 0.05, 0.5), ModelAssignment.of(V1))) {
            h.processBroadcastElement(new ModelChange(V2, ModelRole.CHAMPION, 0, "promote"), 0);
            long[] counts = new long[49];
            counts[0] = 20; // 20 right of 60
            counts[1] = 40;
            h.processElement(GateInput.of(new ConfusionCounts("v2", 0, 10_000, counts)), 10_000);
            List<ModelChange> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("v1", out.get(0).model().version());
            assertEquals(ModelStatus.ROLLED_BACK, events(h).get(0).status());
            assertTrue(events(h).get(0).reason().contains("accuracy 0.3333 over 60 pairs"), events(h).get(0).reason());
            h.processElement(GateInput.of(new ConfusionCounts("v2", 5_000, 15_000, counts)), 15_000);
            assertEquals(1, h.extractOutputValues().size(), "rolled back once");
        }
    }
}
