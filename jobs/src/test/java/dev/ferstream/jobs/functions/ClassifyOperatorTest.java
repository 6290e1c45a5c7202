package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.TinyModel;
import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelRef;
import dev.ferstream.jobs.lifecycle.StartModel;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier: micro-batching (flush on size, on timeout, before a checkpoint barrier and at end of input;
 * watermarks held back) and model decisions (swap between batches, rejection of bad versions, the challenger's shadow
 * predictions, the assignment restored from a snapshot).
 */
class ClassifyOperatorTest {
    @TempDir
    static Path dir;
    static ClassifierHarness models;
    static Path model;

    @BeforeAll
    static void saveModel() throws Exception {
        models = new ClassifierHarness(dir);
        model = models.start;
    }

    private static TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> harness(int batch) throws Exception {
        return models.open(batch, 1.0);
    }

    private static FaceEvent face(int i) {
        return new FaceEvent("f" + i, 1_000 + i, TinyModel.face(i));
    }

    @Test
    void flushesFullBatchesAndMatchesPerFaceClassification() throws Exception {
        try (var h = harness(4)) {
            for (int i = 0; i < 3; i++) {
                h.processElement1(face(i), 1_000 + i);
            }
            assertTrue(h.extractOutputValues().isEmpty(), "3 of 4: still buffered");
            h.processElement1(face(3), 1_003);
            List<Classified> out = h.extractOutputValues();
            assertEquals(4, out.size());
            int[] expected = TinyModel.predict(model, IntStream.range(0, 4).mapToObj(TinyModel::face).toList());
            for (int i = 0; i < 4; i++) {
                assertEquals("f" + i, out.get(i).prediction().id());
                assertEquals(expected[i], out.get(i).prediction().label());
                assertEquals(1_000 + i, h.extractOutputStreamRecords().get(i).getTimestamp(), "face timestamps kept");
            }
        }
    }

    @Test
    void flushesOnTimeoutBeforeBarrierAndAtEnd() throws Exception {
        try (var h = harness(100)) {
            h.setProcessingTime(0);
            h.processElement1(face(0), 1_000);
            h.setProcessingTime(49);
            assertEquals(0, h.extractOutputValues().size());
            h.setProcessingTime(50);
            assertEquals(1, h.extractOutputValues().size(), "timeout flushes a partial batch");

            h.processElement1(face(1), 1_001);
            h.prepareSnapshotPreBarrier(1);
            assertEquals(2, h.extractOutputValues().size(), "nothing stays buffered across a checkpoint");

            h.processElement1(face(2), 1_002);
            h.endInput1();
            h.endInput2();
            h.getOperator().finish();
            assertEquals(3, h.extractOutputValues().size(), "end of input flushes the rest");
        }
    }

    @Test
    void holdsWatermarksBackUntilBufferedFacesAreEmitted() throws Exception {
        try (var h = harness(100)) {
            h.processElement1(face(0), 1_000);
            h.processWatermark1(new Watermark(5_000));
            assertTrue(h.getOutput().isEmpty(), "watermark must not overtake the buffered face");
            h.prepareSnapshotPreBarrier(1);
            List<Object> out = List.copyOf(h.getOutput());
            assertEquals(2, out.size());
            assertInstanceOf(StreamRecord.class, out.get(0));
            assertEquals(new Watermark(5_000), out.get(1));
        }
    }
}
