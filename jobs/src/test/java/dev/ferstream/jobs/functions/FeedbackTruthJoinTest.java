package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FeedbackPair;
import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feedback variant of the truth join: the same matched pairs as {@link TruthJoinFunction} (max delay 60 s), each
 * also sent with its face to {@link FeedbackTruthJoin#FEEDBACK}; late truths are not; state is cleared the same way.
 */
class FeedbackTruthJoinTest {
    private static final long D = 60_000;
    private KeyedTwoInputStreamOperatorTestHarness<String, Classified, TruthEvent, MatchedPair> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new FeedbackTruthJoin(EventTimeSettings.DEFAULTS.withTruth(Duration.ofMillis(D), Duration.ofSeconds(30))),
                c -> c.prediction().id(), TruthEvent::id, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static Classified classified(String id, int label, long time) {
        float[] p = new float[7];
        p[label] = 0.7f;
        p[(label + 1) % 7] = 0.3f;
        return new Classified(new PredictionEvent(id, label, p, "tiny", "tiny/v2", time, time + 5), face(id));
    }

    private static byte[] face(String id) {
        byte[] pixels = new byte[2304];
        java.util.Arrays.fill(pixels, (byte) id.charAt(0));
        return pixels;
    }

    @Test
    void eachMatchedPairAlsoGoesToFeedbackWithItsFaceAndNothingElse() throws Exception {
        harness.processElement1(new StreamRecord<>(classified("a", 3, 1_000), 1_000));
        harness.processElement2(new StreamRecord<>(new TruthEvent("a", 5, 20_000), 20_000));
        harness.processElement2(new StreamRecord<>(new TruthEvent("b", 2, 21_000), 21_000)); // truth first
        harness.processElement1(new StreamRecord<>(classified("b", 2, 3_000), 3_000));
        harness.processElement1(new StreamRecord<>(classified("c", 1, 4_000), 4_000));
        harness.processElement2(new StreamRecord<>(new TruthEvent("c", 1, 4_000 + D + 1), 4_000 + D + 1)); // late
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertEquals(List.of(new MatchedPair("a", 5, 3, "tiny/v2", 1_000, 20_000),
                new MatchedPair("b", 2, 2, "tiny/v2", 3_000, 21_000)), harness.extractOutputValues());
        List<FeedbackPair> feedback = harness.getSideOutput(FeedbackTruthJoin.FEEDBACK).stream()
                .map(StreamRecord::getValue).toList();
        assertEquals(List.of("a", "b"), feedback.stream().map(FeedbackPair::id).toList());
        FeedbackPair a = feedback.get(0);
        assertEquals(5, a.actual());
        assertEquals(3, a.predicted());
        assertArrayEquals(face("a"), a.pixels());
        assertArrayEquals(classified("a", 3, 1_000).prediction().probabilities(), a.probabilities());
        assertEquals("tiny", a.modelName());
        assertEquals(1_000, a.faceTime());
        assertEquals(20_000, a.truthTime());
        assertEquals(0, harness.numKeyedStateEntries(), "no face is left in state");
    }

    /** The price of the store in state: the serialized size of a waiting prediction with and without its face. */
    @Test
    void aWaitingFaceCostsAbout2400BytesOfStateInsteadOfUnder64() throws Exception {
        int plain = serializedSize(TruthJoinFunction.Pending.class, new TruthJoinFunction.Pending(3, 1_000, "tiny/v2"));
        Classified c = classified("a", 3, 1_000);
        int withFace = serializedSize(FeedbackTruthJoin.PendingFace.class, new FeedbackTruthJoin.PendingFace(3, 1_000,
                "tiny/v2", "tiny", c.pixels(), c.prediction().probabilities()));
        System.out.printf("state per waiting prediction: %d bytes plain, %d bytes with its face%n", plain, withFace);
        assertTrue(plain < 64, plain + " bytes");
        int extra = withFace - plain; // pixels and probabilities (with their lengths), the model name, field flags
        assertTrue(extra >= 2304 + 7 * 4 && extra <= 2304 + 7 * 4 + 32, extra + " bytes");
    }

    private static <T> int serializedSize(Class<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(value, out);
        return out.length();
    }
}
