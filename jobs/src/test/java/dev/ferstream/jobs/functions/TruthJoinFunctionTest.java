package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The join's rules, one per test, driven by explicit watermarks (max delay 60 s, late retention 30 s). */
class TruthJoinFunctionTest {
    private static final long D = 60_000;
    private KeyedTwoInputStreamOperatorTestHarness<String, PredictionEvent, TruthEvent, MatchedPair> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new TruthJoinFunction(EventTimeSettings.DEFAULTS.withTruth(Duration.ofMillis(D), Duration.ofSeconds(30))),
                PredictionEvent::id, TruthEvent::id, Types.STRING);
        // the factory opens the harness
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static PredictionEvent prediction(String id, int label, long time) {
        return new PredictionEvent(id, label, new float[7], "tiny", "v1", time, time + 5);
    }

    private void predict(String id, int label, long time) throws Exception {
        harness.processElement1(new StreamRecord<>(prediction(id, label, time), time));
    }

    private void truth(String id, int label, long time) throws Exception {
        harness.processElement2(new StreamRecord<>(new TruthEvent(id, label, time), time));
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new Watermark(time));
    }

    private long accumulator(String name) {
        return (Long) harness.getEnvironment().getAccumulatorRegistry().getUserMap().get(name).getLocalValue();
    }

    @Test
    void matchesPredictionThenTruthAndClearsState() throws Exception {
        predict("a", 3, 1_000);
        truth("a", 3, 20_000);
        predict("b", 1, 2_000);
        truth("b", 4, 30_000);
        List<MatchedPair> out = harness.extractOutputValues();
        assertEquals(List.of(new MatchedPair("a", 3, 3, "v1", 1_000, 20_000),
                new MatchedPair("b", 4, 1, "v1", 2_000, 30_000)), out);
        assertEquals(2, accumulator(TruthJoinFunction.MATCHED));
        assertEquals(1, accumulator(TruthJoinFunction.CORRECT));
        assertEquals(0, harness.numKeyedStateEntries(), "matched pairs leave no state behind");
        assertEquals(0, harness.numEventTimeTimers(), "their timers are deleted");
    }

    @Test
    void truthBeforePredictionStillMatches() throws Exception {
        truth("a", 2, 5_000);
        watermark(4_000);
        predict("a", 2, 1_000);
        assertEquals(List.of(new MatchedPair("a", 2, 2, "v1", 1_000, 5_000)), harness.extractOutputValues());
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void truthLaterThanMaxDelayIsLateEvenWhileThePredictionWaits() throws Exception {
        predict("a", 3, 1_000);
        truth("a", 3, 1_000 + D + 1);
        assertTrue(harness.extractOutputValues().isEmpty());
        assertEquals(List.of(new TruthEvent("a", 3, 1_000 + D + 1)),
                harness.getSideOutput(TruthJoinFunction.LATE).stream().map(StreamRecord::getValue).toList());
        assertEquals(1, accumulator(TruthJoinFunction.LATE_TRUTH));
        assertEquals(0, accumulator(TruthJoinFunction.MATCHED));
    }

    @Test
    void predictionExpiresAndALaterTruthIsCountedLateNotUnmatched() throws Exception {
        predict("a", 3, 1_000);
        watermark(1_000 + D);
        assertEquals(1, accumulator(TruthJoinFunction.EXPIRED));
        truth("a", 3, 1_000 + D + 10_000);
        assertEquals(1, accumulator(TruthJoinFunction.LATE_TRUTH));
        assertEquals(0, accumulator(TruthJoinFunction.UNMATCHED));
        watermark(1_000 + D + 30_000);
        assertEquals(0, harness.numKeyedStateEntries(), "the expiry marker is cleared after the retention");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void truthWithoutPredictionIsDroppedAsUnmatched() throws Exception {
        truth("ghost", 1, 10_000);
        watermark(10_000 + D - 1);
        assertEquals(0, accumulator(TruthJoinFunction.UNMATCHED));
        watermark(10_000 + D);
        assertEquals(1, accumulator(TruthJoinFunction.UNMATCHED));
        assertEquals(0, harness.numKeyedStateEntries());
        assertTrue(harness.extractOutputValues().isEmpty());
    }

    @Test
    void pairsCarryTheTimestampOfTheRecordThatCompletedThem() throws Exception {
        predict("a", 3, 1_000);
        truth("a", 3, 20_000);
        assertEquals(20_000, harness.extractOutputStreamRecords().get(0).getTimestamp());
    }
}
