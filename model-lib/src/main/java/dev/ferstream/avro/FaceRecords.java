package dev.ferstream.avro;

import dev.ferstream.data.ImageDecoding;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.Emotion;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * Validation of decoded records: turns a {@link FaceImage} into the network's 2,304 grey pixels and checks a
 * {@link GroundTruth}'s label, rejecting anything else with a {@link RecordRejectedException}. Kept beside the schemas
 * so the replay producer, the stream job and tests agree on what a valid record is.
 */
public final class FaceRecords {
    /** Encoded images above this size are rejected before decoding (a 48x48 face is a few KB). */
    public static final int MAX_ENCODED_BYTES = 1 << 20;
    /** Decoded images larger than this on either side are rejected before their pixels are allocated. */
    public static final int MAX_SIDE = 4096;
    public static final int MAX_ID_LENGTH = 256;

    private FaceRecords() {
    }

    /** The face's pixels, 48x48 grey row-major; PNG/JPEG are decoded, converted to grey and resized. */
    public static byte[] pixels(FaceImage face) {
        checkId(face.getId());
        ByteBuffer image = face.getImage();
        byte[] bytes = new byte[image.remaining()];
        image.duplicate().get(bytes);
        return switch (face.getEncoding()) {
            case GRAY8_48X48 -> {
                if (bytes.length != Architecture.PIXELS) {
                    throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, "GRAY8_48X48 image has " + bytes.length
                            + " bytes, expected " + Architecture.PIXELS);
                }
                yield bytes;
            }
            case PNG -> decode(bytes, "PNG", bytes.length >= 4 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P'
                    && bytes[2] == 'N' && bytes[3] == 'G');
            case JPEG -> decode(bytes, "JPEG", bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8);
        };
    }

    /** The label, checked to be 0..6. */
    public static int label(GroundTruth truth) {
        checkId(truth.getId());
        int label = truth.getLabel();
        if (label < 0 || label >= Emotion.COUNT) {
            throw new RecordRejectedException(DeadLetterReason.BAD_LABEL, "label " + label + " for id " + truth.getId()
                    + " is outside 0.." + (Emotion.COUNT - 1));
        }
        return label;
    }

    /** A FaceImage of raw grey pixels. */
    public static FaceImage gray(String id, long eventTimeMillis, byte[] pixels) {
        return FaceImage.newBuilder().setId(id).setEventTime(java.time.Instant.ofEpochMilli(eventTimeMillis))
                .setImage(ByteBuffer.wrap(pixels)).setEncoding(ImageEncoding.GRAY8_48X48).build();
    }

    private static void checkId(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new RecordRejectedException(DeadLetterReason.BAD_ID, "id must be 1.." + MAX_ID_LENGTH
                    + " non-blank characters, got " + (id == null ? "null" : "'" + abbreviate(id) + "'"));
        }
    }

    private static byte[] decode(byte[] bytes, String format, boolean magicMatches) {
        if (!magicMatches) {
            throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, "image declared " + format
                    + " does not start with the " + format + " signature");
        }
        if (bytes.length > MAX_ENCODED_BYTES) {
            throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, format + " image of " + bytes.length
                    + " bytes exceeds " + MAX_ENCODED_BYTES);
        }
        checkDimensions(bytes, format);
        try {
            return ImageDecoding.decodeToGray48(bytes);
        } catch (RuntimeException e) {
            throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, "undecodable " + format + ": " + e.getMessage(), e);
        }
    }

    /** Reads only the header, so a tiny file that claims to be 100,000 pixels wide is rejected cheaply. */
    private static void checkDimensions(byte[] bytes, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, "no decoder recognises the " + format + " bytes");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                    throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, format + " image is " + width + "x"
                            + height + "; sides must be 1.." + MAX_SIDE);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RecordRejectedException r) {
                throw r;
            }
            throw new RecordRejectedException(DeadLetterReason.BAD_IMAGE, "unreadable " + format + " header: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
