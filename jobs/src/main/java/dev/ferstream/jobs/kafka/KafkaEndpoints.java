package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.DeadLetter;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.jobs.Delivery;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.JobSinks;
import dev.ferstream.jobs.JobSources;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.events.TruthEvent;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Properties;

/** Builds the job's Kafka sources and sinks from the {@link JobConfig}. */
public final class KafkaEndpoints {
    private KafkaEndpoints() {
    }

    /** Unbounded sources, as the job runs in production. */
    public static JobSources sources(JobConfig config) {
        return sources(config, null, null);
    }

    /**
     * Sources that stop at the given offsets (null = unbounded): the demo and the tests know exactly what they
     * produced, so the job ends by itself, with a final watermark that fires every window and timer.
     */
    public static JobSources sources(JobConfig config, OffsetsInitializer facesStop, OffsetsInitializer labelsStop) {
        KafkaSourceBuilder<dev.ferstream.jobs.events.FaceInput> faces = KafkaSource.<dev.ferstream.jobs.events.FaceInput>builder()
                .setTopics(config.facesTopic()).setDeserializer(new FaceDeserializer());
        KafkaSourceBuilder<dev.ferstream.jobs.events.TruthInput> labels = KafkaSource.<dev.ferstream.jobs.events.TruthInput>builder()
                .setTopics(config.labelsTopic()).setDeserializer(new TruthDeserializer());
        for (KafkaSourceBuilder<?> b : java.util.List.of(faces, labels)) {
            b.setBootstrapServers(config.bootstrapServers()).setGroupId(config.groupId())
                    .setStartingOffsets(startingOffsets(config))
                    // producers of faces may be transactional; never classify aborted data
                    .setProperty("isolation.level", "read_committed")
                    .setProperty("commit.offsets.on.checkpoint", "true");
        }
        if (facesStop != null) {
            faces.setBounded(facesStop);
        }
        if (labelsStop != null) {
            labels.setBounded(labelsStop);
        }
        return new JobSources(faces.build(), labels.build());
    }

    public static JobSinks sinks(JobConfig config) {
        return new JobSinks(
                sink(config, "predictions", new AvroKafkaSerializer<PredictionEvent, Prediction>(config.predictionsTopic(),
                        Prediction.class, AvroConversions::prediction, PredictionEvent::id, PredictionEvent::eventTime)),
                sink(config, "saliency", new AvroKafkaSerializer<SaliencyEvent, SaliencyMap>(config.saliencyTopic(),
                        SaliencyMap.class, AvroConversions::saliency, SaliencyEvent::id, SaliencyEvent::eventTime)),
                sink(config, "confusion", new AvroKafkaSerializer<ConfusionCounts, ConfusionWindow>(config.confusionTopic(),
                        ConfusionWindow.class, AvroConversions::confusion, ConfusionCounts::modelVersion,
                        ConfusionCounts::windowEnd)),
                sink(config, "dead-letter", new AvroKafkaSerializer<Rejected, DeadLetter>(config.deadLetterTopic(),
                        DeadLetter.class, AvroConversions::deadLetter, r -> r.topic() + "/" + r.partition(),
                        Rejected::failedAt)),
                sink(config, "late-labels", new AvroKafkaSerializer<TruthEvent, GroundTruth>(config.lateLabelsTopic(),
                        GroundTruth.class, AvroConversions::truth, TruthEvent::id, TruthEvent::eventTime)));
    }

    static <T> KafkaSink<T> sink(JobConfig config, String name, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        // Flink's default (1 h) exceeds the broker's transaction.max.timeout.ms (15 min) and would fail every commit.
        producer.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
        producer.setProperty("compression.type", "lz4");
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(config.delivery() == Delivery.EXACTLY_ONCE
                        ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                // one prefix per sink: two sinks sharing transactional ids would fence each other
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .setKafkaProducerConfig(producer)
                .build();
    }

    private static OffsetsInitializer startingOffsets(JobConfig config) {
        return switch (config.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
