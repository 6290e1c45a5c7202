package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.data.ImageDecoding;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.TruthInput;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutation fuzzing of the stream's input decoding: the face and label deserializers and, through them, the
 * PNG/JPEG decoder. Each input is a valid record mutated either as raw Kafka bytes (bit flips, overwrites,
 * insertions, deletions, truncation, duplicated ranges, extreme varints) or inside a valid envelope (the image bytes
 * mutated and re-wrapped, so the image decoders see the damage; the encoding swapped; huge declared image sizes).
 *
 * <p>Checked for every input: nothing escapes {@code parse} (no exception, no error), a rejection carries a reason and
 * a message, an accepted face has 2,304 pixels, an accepted label is 0..6. CI runs a slice
 * ({@value #DEFAULT_INPUTS} inputs); the full run is {@code mvn -B -pl jobs -am test -Dtest=DeserializerFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.inputs=1000000} (bench/fuzz/README.md has its results). A failure
 * names the seed and input number, which reproduce it.
 */
class DeserializerFuzzTest {
    static final int DEFAULT_INPUTS = 20_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20261203L);

    private final FaceDeserializer faces = new FaceDeserializer();
    private final TruthDeserializer truths = new TruthDeserializer();
    private final SingleObjectCodec<FaceImage> faceCodec = SingleObjectCodec.faceImage();
    private final SingleObjectCodec<GroundTruth> truthCodec = SingleObjectCodec.groundTruth();

    @Test
    void noInputEscapesAndEveryRejectionHasAReason() throws IOException {
        int inputs = Integer.getInteger("fuzz.inputs", DEFAULT_INPUTS);
        byte[] pixels = seededFace(new SplittableRandom(SEED));
        byte[][] images = {pixels, ImageDecoding.encodePng(pixels), jpeg(pixels)};
        ImageEncoding[] encodings = {ImageEncoding.GRAY8_48X48, ImageEncoding.PNG, ImageEncoding.JPEG};
        Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
        SplittableRandom random = new SplittableRandom(SEED);
        long start = System.nanoTime();
        for (int i = 0; i < inputs; i++) {
            int kind = random.nextInt(images.length);
            byte[] value = mutant(random, images[kind], encodings[kind]);
            try {
                check(value, seen);
            } catch (Throwable t) {
                fail("input " + i + " (seed " + SEED + ", " + value.length + " bytes, starts "
                        + HexFormat.of().formatHex(value, 0, Math.min(24, value.length)) + "): " + t, t);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d inputs in %.1f s (%.0f/s), seed %d: %s%n", inputs, seconds, inputs / seconds, SEED, seen);
        assertEquals(2 * inputs, seen.values().stream().mapToInt(Integer::intValue).sum());
        for (Outcome o : Outcome.values()) {
            assertTrue(seen.getOrDefault(o, 0) > 0, "the mutations reach every outcome: " + seen);
        }
    }

    @Test
    void aPngThatDeclaresAHugeSizeIsRejectedFromItsHeader() {
        byte[] bomb = withDeclaredSize(ImageDecoding.encodePng(new byte[2304]), 60_000, 60_000);
        long before = usedHeap();
        FaceInput in = faces.parse("faces", 0, 0, faceCodec.encode(image(bomb, ImageEncoding.PNG)));
        assertNotNull(in.rejected(), "a 60000x60000 PNG must not be decoded");
        assertTrue(in.rejected().error().contains("60000"), in.rejected().error());
        // 60000 x 60000 grey pixels would be 3.6 GB; the header check allocates nothing of that order
        assertTrue(usedHeap() - before < 64L << 20, "heap grew by " + ((usedHeap() - before) >> 20) + " MB");
    }

    private enum Outcome { FACE_OK, FACE_REJECTED, LABEL_OK, LABEL_REJECTED }

    /** Parses as a face and as a label (a record can land on either topic) and checks the invariants of both. */
    private void check(byte[] value, Map<Outcome, Integer> seen) {
        FaceInput face = faces.parse("faces", 0, 0, value);
        if (face.face() != null) {
            assertEquals(2304, face.face().pixels().length);
        } else {
            assertRejection(face.rejected());
        }
        TruthInput truth = truths.parse("labels", 0, 0, value);
        if (truth.truth() != null) {
            assertTrue(truth.truth().label() >= 0 && truth.truth().label() <= 6, "label " + truth.truth().label());
        } else {
            assertRejection(truth.rejected());
        }
        seen.merge(face.face() != null ? Outcome.FACE_OK : Outcome.FACE_REJECTED, 1, Integer::sum);
        seen.merge(truth.truth() != null ? Outcome.LABEL_OK : Outcome.LABEL_REJECTED, 1, Integer::sum);
    }

    private static void assertRejection(Rejected r) {
        assertNotNull(r, "neither accepted nor rejected");
        assertNotNull(r.reason(), "rejection without a reason");
        assertFalse(r.error() == null || r.error().isBlank(), "rejection " + r.reason() + " without a message");
    }

    private byte[] mutant(SplittableRandom r, byte[] image, ImageEncoding encoding) {
        return switch (r.nextInt(6)) {
            case 0 -> Mutations.mutate(r, faceCodec.encode(image(image, encoding)));
            case 1 -> faceCodec.encode(image(Mutations.mutate(r, image), encoding));
            case 2 -> faceCodec.encode(image(image, ImageEncoding.values()[r.nextInt(ImageEncoding.values().length)]));
            case 3 -> faceCodec.encode(image(withDeclaredSize(ImageDecoding.encodePng(image.length == 2304 ? image
                    : new byte[2304]), r.nextInt(1, Integer.MAX_VALUE), r.nextInt(1, 100_000)), ImageEncoding.PNG));
            case 4 -> Mutations.mutate(r, truthCodec.encode(GroundTruth.newBuilder().setId(Long.toString(r.nextLong()))
                    .setLabel(r.nextInt(-3, 10)).setEventTime(Instant.ofEpochMilli(r.nextLong(0, 1L << 42))).build()));
            default -> Mutations.randomBytes(r, r.nextInt(0, 64));
        };
    }

    private static FaceImage image(byte[] bytes, ImageEncoding encoding) {
        return FaceImage.newBuilder().setId("fuzz").setEventTime(Instant.ofEpochMilli(1_000))
                .setImage(ByteBuffer.wrap(bytes)).setEncoding(encoding).build();
    }

    /** A PNG whose IHDR says width x height, with a correct chunk CRC so only the size is wrong. */
    static byte[] withDeclaredSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer.wrap(out, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17); // chunk type + 13 data bytes
        ByteBuffer.wrap(out, 29, 4).putInt((int) crc.getValue());
        return out;
    }

    private static byte[] seededFace(SplittableRandom r) {
        byte[] face = new byte[2304];
        for (int i = 0; i < face.length; i++) {
            face[i] = (byte) ((i % 48) * 4 + r.nextInt(16));
        }
        return face;
    }

    private static byte[] jpeg(byte[] pixels) throws IOException {
        BufferedImage gray = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setDataElements(0, 0, 48, 48, pixels);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(gray, "jpeg", out);
        return out.toByteArray();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Byte-level mutations, each a small edit a broken producer or a flipped bit could make. */
    static final class Mutations {
        private Mutations() {
        }

        static byte[] mutate(SplittableRandom r, byte[] in) {
            byte[] out = in;
            for (int edits = r.nextInt(1, 4); edits > 0; edits--) {
                out = edit(r, out);
            }
            return out;
        }

        private static byte[] edit(SplittableRandom r, byte[] in) {
            if (in.length == 0) {
                return randomBytes(r, r.nextInt(1, 16));
            }
            int at = r.nextInt(in.length);
            byte[] out = in.clone();
            switch (r.nextInt(7)) {
                case 0 -> out[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> out[at] = (byte) r.nextInt(256);
                case 2 -> out = splice(in, at, randomBytes(r, r.nextInt(1, 32)), 0);
                case 3 -> out = splice(in, at, new byte[0], r.nextInt(1, Math.min(64, in.length - at) + 1));
                case 4 -> out = Arrays.copyOf(in, at);
                case 5 -> out = splice(in, at, Arrays.copyOfRange(in, at, Math.min(in.length, at + r.nextInt(1, 64))), 0);
                default -> Arrays.fill(out, at, Math.min(out.length, at + r.nextInt(1, 6)), (byte) 0xFF); // huge varints
            }
            return out;
        }

        /** in[0..at) + insert + in[at+remove..). */
        private static byte[] splice(byte[] in, int at, byte[] insert, int remove) {
            byte[] out = new byte[in.length - remove + insert.length];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
            return out;
        }

        static byte[] randomBytes(SplittableRandom r, int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return b;
        }
    }
}
