package dev.ferstream.jobs.feedback;

import dev.ferstream.avro.FeedbackFiles;
import dev.ferstream.jobs.config.FeedbackSettings;
import dev.ferstream.jobs.events.FeedbackPair;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * The feedback store's sink: Flink's {@link FileSink} with Avro container files ({@link FeedbackBulkWriter}) in
 * {@code dt=YYYY-MM-DD/hour=HH} buckets by truth time, UTC. A bulk format rolls its part files on every checkpoint and
 * commits them when the checkpoint completes, so a file becomes visible (loses FileSink's hidden
 * {@code .part-...inprogress} name) only with the checkpoint that holds its records: after a failure the job rewinds
 * to that checkpoint and no face is stored twice or lost.
 */
public final class FeedbackSink {
    private FeedbackSink() {
    }

    public static FileSink<FeedbackPair> create(FeedbackSettings settings) {
        return FileSink.forBulkFormat(new Path(settings.path()), new FeedbackBulkWriter.Factory())
                .withBucketAssigner(new TruthHourBuckets())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part")
                        .withPartSuffix(FeedbackFiles.SUFFIX).build())
                .build();
    }

    /** The hour of the truth's event time: replaying the same input writes the same folders. */
    static final class TruthHourBuckets implements BucketAssigner<FeedbackPair, String> {
        @Override
        public String getBucketId(FeedbackPair pair, Context context) {
            return FeedbackFiles.bucket(pair.truthTime());
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
