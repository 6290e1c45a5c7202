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
import dev.ferstream.jobs.config.DeliverySettings;
import dev.ferstream.jobs.config.KafkaSettings;
import dev.ferstream.jobs.config.Topics;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.events.TruthEvent;
import dev.ferstream.jobs.events.TruthInput;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.List;
import java.util.Properties;

/**
 * Builds the job's Kafka sources and sinks from the {@link JobConfig}'s Kafka, topic and delivery settings. Every
 * source and sink gets the config's Kafka client properties ({@code kafka.*} keys: security settings), so one set of
 * credentials reaches all of them.
 */
public final class KafkaEndpoints {
    private KafkaEndpoints() {
    }

    /** Unbounded sources, as the job runs in production. */
    public static JobSources sources(JobConfig config) {
        return sources(config.kafka(), config.topics(), null, null);
    }

    /** Sources that stop at the given offsets (null = unbounded); see {@link #sources(KafkaSettings, Topics, OffsetsInitializer, OffsetsInitializer)}. */
    public static JobSources sources(JobConfig config, OffsetsInitializer facesStop, OffsetsInitializer labelsStop) {
        return sources(config.kafka(), config.topics(), facesStop, labelsStop);
    }

    /**
     * Sources that stop at the given offsets (null = unbounded): the demo and the tests know exactly what they
     * produced, so the job ends by itself, with a final watermark that fires every window and timer.
     */
    public static JobSources sources(KafkaSettings kafka, Topics topics, OffsetsInitializer facesStop,
                                     OffsetsInitializer labelsStop) {
        KafkaSourceBuilder<FaceInput> faces = KafkaSource.<FaceInput>builder()
                .setTopics(topics.faces()).setDeserializer(new FaceDeserializer());
        KafkaSourceBuilder<TruthInput> labels = KafkaSource.<TruthInput>builder()
                .setTopics(topics.labels()).setDeserializer(new TruthDeserializer());
        for (KafkaSourceBuilder<?> b : List.of(faces, labels)) {
            // security and other client settings first: the job's own settings below must win (none may clash,
            // KafkaSettings rejects the properties the job owns)
            kafka.clientProperties().forEach(b::setProperty);
            b.setBootstrapServers(kafka.bootstrapServers()).setGroupId(kafka.groupId())
                    .setStartingOffsets(startingOffsets(kafka))
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
        return sinks(config.kafka(), config.topics(), config.delivery());
    }

    public static JobSinks sinks(KafkaSettings kafka, Topics topics, DeliverySettings delivery) {
        Sinks s = new Sinks(kafka, delivery);
        return new JobSinks(
                s.sink("predictions", new AvroKafkaSerializer<PredictionEvent, Prediction>(topics.predictions(),
                        Prediction.class, AvroConversions::prediction, PredictionEvent::id, PredictionEvent::eventTime)),
                s.sink("saliency", new AvroKafkaSerializer<SaliencyEvent, SaliencyMap>(topics.saliency(),
                        SaliencyMap.class, AvroConversions::saliency, SaliencyEvent::id, SaliencyEvent::eventTime)),
                s.sink("confusion", new AvroKafkaSerializer<ConfusionCounts, ConfusionWindow>(topics.confusion(),
                        ConfusionWindow.class, AvroConversions::confusion, ConfusionCounts::modelVersion,
                        ConfusionCounts::windowEnd)),
                s.sink("dead-letter", new AvroKafkaSerializer<Rejected, DeadLetter>(topics.deadLetter(),
                        DeadLetter.class, AvroConversions::deadLetter, r -> r.topic() + "/" + r.partition(),
                        Rejected::failedAt)),
                s.sink("late-labels", new AvroKafkaSerializer<TruthEvent, GroundTruth>(topics.lateLabels(),
                        GroundTruth.class, AvroConversions::truth, TruthEvent::id, TruthEvent::eventTime)));
    }

    /** One Kafka sink per output, all on the same cluster with the same guarantee. */
    private record Sinks(KafkaSettings kafka, DeliverySettings delivery) {
        <T> KafkaSink<T> sink(String name, KafkaRecordSerializationSchema<T> serializer) {
            Properties producer = new Properties();
            producer.putAll(kafka.clientProperties()); // security settings; the job's own settings follow
            // Flink's default (1 h) exceeds the broker's transaction.max.timeout.ms (15 min) and would fail every commit.
            producer.setProperty("transaction.timeout.ms", Long.toString(delivery.transactionTimeout().toMillis()));
            producer.setProperty("compression.type", "lz4");
            return KafkaSink.<T>builder()
                    .setBootstrapServers(kafka.bootstrapServers())
                    .setRecordSerializer(serializer)
                    .setDeliveryGuarantee(delivery.guarantee() == Delivery.EXACTLY_ONCE
                            ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                    // one prefix per sink: two sinks sharing transactional ids would fence each other
                    .setTransactionalIdPrefix(delivery.transactionalIdPrefix() + "-" + name)
                    .setKafkaProducerConfig(producer)
                    .build();
        }
    }

    private static OffsetsInitializer startingOffsets(KafkaSettings kafka) {
        return switch (kafka.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
