package dev.ferstream.avro;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SingleObjectCodecTest {
    @Test
    void roundTripsEveryRecordWithTheSingleObjectHeader() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_123L);
        FaceImage face = FaceRecords.gray("f1", t.toEpochMilli(), new byte[2304]);
        GroundTruth truth = GroundTruth.newBuilder().setId("f1").setLabel(3).setEventTime(t).build();
        Prediction prediction = Prediction.newBuilder().setId("f1").setLabel(3)
                .setProbabilities(List.of(.1f, .1f, .1f, .4f, .1f, .1f, .1f)).setModelName("hw3-cnn")
                .setModelVersion("hw3-cnn@x").setEventTime(t).setProcessedAt(t.plusMillis(5)).build();
        SaliencyMap map = SaliencyMap.newBuilder().setId("f1").setLabel(3).setProbability(.4f)
                .setMap(Collections.nCopies(2304, 0.5f)).setMethod("gradient").setReason(SaliencyReason.SAMPLED)
                .setModelVersion("v").setEventTime(t).build();
        ConfusionWindow window = ConfusionWindow.newBuilder().setWindowStart(t).setWindowEnd(t.plusSeconds(600))
                .setModelVersion("v").setCounts(Collections.nCopies(49, 1L)).setTotal(49).setAccuracy(1 / 7.0)
                .setRecall(Collections.nCopies(7, 1 / 7.0)).setPrecision(Collections.nCopies(7, Double.NaN)).build();
        DeadLetter dead = DeadLetter.newBuilder().setSourceTopic("faces").setPartition(1).setOffset(42)
                .setRaw(ByteBuffer.wrap(new byte[]{1, 2})).setReason(DeadLetterReason.BAD_IMAGE).setError("x")
                .setFailedAt(t).build();
        assertRoundTrip(SingleObjectCodec.faceImage(), face);
        assertRoundTrip(SingleObjectCodec.groundTruth(), truth);
        assertRoundTrip(SingleObjectCodec.prediction(), prediction);
        assertRoundTrip(SingleObjectCodec.saliencyMap(), map);
        assertRoundTrip(SingleObjectCodec.confusionWindow(), window);
        assertRoundTrip(SingleObjectCodec.deadLetter(), dead);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> void assertRoundTrip(SingleObjectCodec<T> codec, T record) {
        byte[] bytes = codec.encode(record);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(codec.fingerprint(), java.util.HexFormat.of().formatHex(bytes, 2, 10));
        assertEquals(record, codec.decode(bytes));
    }

    @Test
    void tellsTheThreeFailureKindsApart() {
        byte[] truth = SingleObjectCodec.groundTruth().encode(GroundTruth.newBuilder().setId("a").setLabel(1)
                .setEventTime(Instant.EPOCH).build());
        SingleObjectCodec<FaceImage> faces = SingleObjectCodec.faceImage();
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA,
                assertThrows(RecordRejectedException.class, () -> faces.decode(truth)).reason());
        assertEquals(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED,
                assertThrows(RecordRejectedException.class, () -> faces.decode("{\"id\":1}".getBytes())).reason());
        byte[] face = faces.encode(FaceRecords.gray("f", 1, new byte[2304]));
        byte[] truncated = java.util.Arrays.copyOf(face, 20);
        assertEquals(DeadLetterReason.CORRUPT_RECORD,
                assertThrows(RecordRejectedException.class, () -> faces.decode(truncated)).reason());
        assertEquals(DeadLetterReason.EMPTY, assertThrows(RecordRejectedException.class, () -> faces.decode(null)).reason());
    }

    @Test
    void pixelsOfEachEncoding() {
        byte[] pixels = new byte[2304];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        assertArrayEquals(pixels, FaceRecords.pixels(FaceRecords.gray("g", 0, pixels)));
        FaceImage png = FaceImage.newBuilder().setId("p").setEventTime(Instant.EPOCH)
                .setImage(ByteBuffer.wrap(dev.ferstream.data.ImageDecoding.encodePng(pixels)))
                .setEncoding(ImageEncoding.PNG).build();
        assertArrayEquals(pixels, FaceRecords.pixels(png));
        assertEquals(DeadLetterReason.BAD_IMAGE, assertThrows(RecordRejectedException.class,
                () -> FaceRecords.pixels(FaceRecords.gray("g", 0, new byte[48]))).reason());
    }
}
