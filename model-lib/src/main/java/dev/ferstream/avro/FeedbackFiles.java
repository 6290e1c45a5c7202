package dev.ferstream.avro;

import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The feedback store's file format in one place: Avro container files of {@link FeedbackRecord} (deflate-compressed
 * blocks) in hourly {@code dt=YYYY-MM-DD/hour=HH} buckets by truth time, UTC. The streaming job writes them (its
 * FileSink's bulk writer opens files here) and model-lib's readers read them, so the two cannot disagree.
 */
public final class FeedbackFiles {
    /** Deflate level of the blocks; grey faces compress little (2,268 bytes per stored face, docs/streaming.md). */
    public static final int DEFLATE_LEVEL = 6;
    /** Part file suffix: the readers take {@code *.avro} and skip FileSink's hidden in-progress names. */
    public static final String SUFFIX = ".avro";

    private static final DateTimeFormatter BUCKET = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH")
            .withZone(ZoneOffset.UTC);

    private FeedbackFiles() {
    }

    /** A container-file writer on {@code out} (the header is written now; the caller closes or flushes it). */
    public static DataFileWriter<FeedbackRecord> create(OutputStream out) throws IOException {
        DataFileWriter<FeedbackRecord> writer = new DataFileWriter<>(new SpecificDatumWriter<>(FeedbackRecord.class));
        writer.setCodec(CodecFactory.deflateCodec(DEFLATE_LEVEL));
        return writer.create(FeedbackRecord.getClassSchema(), out);
    }

    /** The bucket folder of a truth time, e.g. {@code dt=2026-12-03/hour=17}. */
    public static String bucket(long truthTimeMillis) {
        return BUCKET.format(Instant.ofEpochMilli(truthTimeMillis));
    }
}
