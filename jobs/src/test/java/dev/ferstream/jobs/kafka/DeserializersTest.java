package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.DeadLetterReason;
import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.data.ImageDecoding;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.TruthInput;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of malformed input becomes a Rejected with the right reason, the offset and the raw bytes. */
class DeserializersTest {
    private final FaceDeserializer faces = new FaceDeserializer();
    private final TruthDeserializer truths = new TruthDeserializer();
    private final SingleObjectCodec<FaceImage> codec = SingleObjectCodec.faceImage();

    private static FaceImage image(byte[] bytes, ImageEncoding encoding) {
        return FaceImage.newBuilder().setId("x").setEventTime(Instant.ofEpochMilli(1234)).setImage(ByteBuffer.wrap(bytes))
                .setEncoding(encoding).build();
    }

    private DeadLetterReason faceReason(byte[] value) {
        FaceInput in = faces.parse("faces", 2, 17, value);
        assertNull(in.face());
        assertEquals("faces", in.rejected().topic());
        assertEquals(2, in.rejected().partition());
        assertEquals(17, in.rejected().offset());
        assertArrayEquals(value, in.rejected().raw());
        return in.rejected().reason();
    }

    @Test
    void decodesGrayAndPngFaces() {
        byte[] pixels = TinyModel.face(1);
        FaceInput gray = faces.parse("faces", 0, 0, codec.encode(FaceRecords.gray("g", 99, pixels)));
        assertEquals("g", gray.face().id());
        assertEquals(99, gray.face().eventTime());
        assertArrayEquals(pixels, gray.face().pixels());

        FaceInput png = faces.parse("faces", 0, 1, codec.encode(image(ImageDecoding.encodePng(pixels), ImageEncoding.PNG)));
        assertArrayEquals(pixels, png.face().pixels(), "a 48x48 grey PNG is lossless");
    }

    @Test
    void decodesColourJpegOfAnotherSizeToGrey48() throws Exception {
        BufferedImage rgb = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                rgb.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | 40);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpeg", jpeg);
        FaceInput in = faces.parse("faces", 0, 0, codec.encode(image(jpeg.toByteArray(), ImageEncoding.JPEG)));
        assertEquals(2304, in.face().pixels().length);
    }

    @Test
    void rejectsEachKindOfMalformedFace() {
        assertEquals(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED, faceReason("hello".getBytes()));
        assertEquals(DeadLetterReason.EMPTY, faceReason(new byte[0]));
        byte[] good = codec.encode(FaceRecords.gray("g", 1, new byte[2304]));
        assertEquals(DeadLetterReason.CORRUPT_RECORD, faceReason(Arrays.copyOf(good, 30)));
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, faceReason(SingleObjectCodec.groundTruth().encode(
                GroundTruth.newBuilder().setId("t").setLabel(1).setEventTime(Instant.EPOCH).build())));
        assertEquals(DeadLetterReason.BAD_IMAGE, faceReason(codec.encode(FaceRecords.gray("g", 1, new byte[2303]))));
        assertEquals(DeadLetterReason.BAD_IMAGE, faceReason(codec.encode(image(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0}, ImageEncoding.PNG))));
        assertEquals(DeadLetterReason.BAD_IMAGE, faceReason(codec.encode(image(ImageDecoding.encodePng(new byte[2304]), ImageEncoding.JPEG))));
        assertEquals(DeadLetterReason.BAD_ID, faceReason(codec.encode(FaceRecords.gray(" ", 1, new byte[2304]))));
    }

    @Test
    void rejectsLabelsOutsideTheSevenClasses() {
        SingleObjectCodec<GroundTruth> c = SingleObjectCodec.groundTruth();
        TruthInput ok = truths.parse("labels", 0, 0, c.encode(GroundTruth.newBuilder().setId("a").setLabel(6)
                .setEventTime(Instant.ofEpochMilli(5)).build()));
        assertEquals(6, ok.truth().label());
        assertEquals(5, ok.truth().eventTime());
        for (int bad : new int[]{-1, 7, 99}) {
            TruthInput in = truths.parse("labels", 0, 3, c.encode(GroundTruth.newBuilder().setId("a").setLabel(bad)
                    .setEventTime(Instant.EPOCH).build()));
            assertEquals(DeadLetterReason.BAD_LABEL, in.rejected().reason());
            assertTrue(in.rejected().error().contains("outside 0..6"), in.rejected().error());
        }
        assertEquals(DeadLetterReason.UNKNOWN_SCHEMA, truths.parse("labels", 0, 0,
                codec.encode(FaceRecords.gray("g", 1, new byte[2304]))).rejected().reason());
    }
}
