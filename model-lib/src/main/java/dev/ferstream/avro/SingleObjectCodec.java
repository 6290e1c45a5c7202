package dev.ferstream.avro;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Avro single-object encoding for one record type: {@code C3 01}, the schema's 8-byte CRC-64-AVRO fingerprint, then
 * the binary body. Why this and not plain binary: a consumer that receives bytes of another schema (a label on the
 * faces topic, a newer incompatible writer) sees a fingerprint it does not know and rejects the record instead of
 * silently misreading the body.
 *
 * <p>Decoding never throws anything but {@link RecordRejectedException}, whose reason tells the three failure kinds
 * apart (no single-object header, unknown fingerprint, corrupt body). Instances are cheap; they are not
 * {@link java.io.Serializable}, so Flink functions create them in {@code open()}.
 *
 * @param <T> the generated Avro class
 */
public final class SingleObjectCodec<T extends SpecificRecord> {
    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private SingleObjectCodec(Class<T> type) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type) {
        return new SingleObjectCodec<>(type);
    }

    public static SingleObjectCodec<FaceImage> faceImage() {
        return of(FaceImage.class);
    }

    public static SingleObjectCodec<GroundTruth> groundTruth() {
        return of(GroundTruth.class);
    }

    public static SingleObjectCodec<Prediction> prediction() {
        return of(Prediction.class);
    }

    public static SingleObjectCodec<SaliencyMap> saliencyMap() {
        return of(SaliencyMap.class);
    }

    public static SingleObjectCodec<ConfusionWindow> confusionWindow() {
        return of(ConfusionWindow.class);
    }

    public static SingleObjectCodec<DeadLetter> deadLetter() {
        return of(DeadLetter.class);
    }

    public Schema schema() {
        return schema;
    }

    /** The 8-byte fingerprint written after the marker, as hex (for logs and error messages). */
    public String fingerprint() {
        // written little-endian on the wire, so print it the same way to match the bytes a reader sees
        ByteBuffer bytes = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(schema));
        return HexFormat.of().formatHex(bytes.array());
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /** Decodes one record, or explains why these bytes are not a {@code T}. */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordRejectedException(DeadLetterReason.EMPTY,
                    bytes == null ? "null value (tombstone), expected a " + type.getSimpleName() : "empty value");
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new RecordRejectedException(DeadLetterReason.NOT_SINGLE_OBJECT_ENCODED,
                    "not Avro single-object encoded (starts with " + head(bytes) + ", expected c301)", e);
        } catch (MissingSchemaException e) {
            throw new RecordRejectedException(DeadLetterReason.UNKNOWN_SCHEMA, "schema fingerprint "
                    + (bytes.length >= 10 ? HexFormat.of().formatHex(Arrays.copyOfRange(bytes, 2, 10)) : head(bytes))
                    + " is not " + type.getSimpleName() + " (" + fingerprint() + ")", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | IllegalArgumentException
                 | UnsupportedOperationException | NegativeArraySizeException e) {
            throw new RecordRejectedException(DeadLetterReason.CORRUPT_RECORD,
                    "corrupt " + type.getSimpleName() + " body (" + bytes.length + " bytes): " + e, e);
        }
    }

    private static String head(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(4, bytes.length));
    }
}
