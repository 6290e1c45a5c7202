package dev.ferstream.jobs.feedback;

import dev.ferstream.avro.FeedbackFiles;
import dev.ferstream.avro.FeedbackRecord;
import dev.ferstream.jobs.events.FeedbackPair;
import org.apache.avro.file.DataFileWriter;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One part file of the feedback store: Avro's {@link DataFileWriter} on the stream FileSink gives it. Written here
 * rather than with flink-avro's {@code AvroWriters} because flink-avro is not among the project's dependencies
 * (nor in the offline Maven repository at Flink 2.2.1), and plain Avro, which model-lib already has, needs 40 lines.
 */
final class FeedbackBulkWriter implements BulkWriter<FeedbackPair> {
    private final DataFileWriter<FeedbackRecord> writer;

    FeedbackBulkWriter(DataFileWriter<FeedbackRecord> writer) {
        this.writer = writer;
    }

    @Override
    public void addElement(FeedbackPair pair) throws IOException {
        writer.append(record(pair));
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    /** Ends the last block; FileSink closes the stream itself (a BulkWriter must not). */
    @Override
    public void finish() throws IOException {
        writer.flush();
    }

    static FeedbackRecord record(FeedbackPair p) {
        List<Float> probabilities = new ArrayList<>(p.probabilities().length);
        for (float f : p.probabilities()) {
            probabilities.add(f);
        }
        return FeedbackRecord.newBuilder().setId(p.id()).setPixels(ByteBuffer.wrap(p.pixels()))
                .setTrueLabel(p.actual()).setPredictedLabel(p.predicted()).setProbabilities(probabilities)
                .setModelName(p.modelName()).setModelVersion(p.modelVersion())
                .setFaceTime(Instant.ofEpochMilli(p.faceTime())).setTruthTime(Instant.ofEpochMilli(p.truthTime()))
                .build();
    }

    /** Opens a container file (its header) on each new part file. */
    static final class Factory implements BulkWriter.Factory<FeedbackPair> {
        @Override
        public BulkWriter<FeedbackPair> create(FSDataOutputStream out) throws IOException {
            return new FeedbackBulkWriter(FeedbackFiles.create(out));
        }
    }
}
