package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.DeadLetter;
import dev.ferstream.avro.ModelEvent;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelInput;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.StartModel;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import java.util.Optional;
import java.util.Map;
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

    /** Unbounded sources, as the job runs in production, with the models topic's decisions so far. */
    public static JobSources sources(JobConfig config) {
        return withModels(config, sources(config.kafka(), config.topics(), null, null), false);
    }

    /**
     * Sources that stop at the given offsets (null = unbounded); see
     * {@link #sources(KafkaSettings, Topics, OffsetsInitializer, OffsetsInitializer)}. The models source of a bounded
     * job stops where it starts (decisions made before the job are its start assignment), so the job ends.
     */
    public static JobSources sources(JobConfig config, OffsetsInitializer facesStop, OffsetsInitializer labelsStop) {
        return withModels(config, sources(config.kafka(), config.topics(), facesStop, labelsStop),
                facesStop != null && labelsStop != null);
    }

    /**
     * Adds the models source: the topic is created if missing and read to its end now; what it says is the start
     * assignment (with {@code model.start=champion}), and the source reads on from there.
     */
    private static JobSources withModels(JobConfig config, JobSources data, boolean bounded) {
        ModelsTopic topic = new ModelsTopic(client(config.kafka()), config.topics().models());
        topic.ensure();
        for (String output : List.of(config.topics().modelEvents(), config.topics().shadow())) {
            TopicAdmin.ensure(client(config.kafka()), new NewTopic(output, Optional.empty(), Optional.empty()));
        }
        ModelsTopic.Snapshot snapshot = topic.read();
        ModelAssignment fromPath = ModelAssignment.of(StartModel.fromPath(config.model().path()));
        ModelAssignment folded = snapshot.assignment(fromPath);
        ModelAssignment start = config.lifecycle().startFromChampion() ? folded
                : new ModelAssignment(fromPath.champion(), folded.challenger(), List.of());
        OffsetsInitializer from = OffsetsInitializer.offsets(
                Map.of(new TopicPartition(config.topics().models(), 0), snapshot.endOffset()));
        KafkaSourceBuilder<ModelInput> models = KafkaSource.<ModelInput>builder();
        config.kafka().clientProperties().forEach(models::setProperty);
        models.setTopics(config.topics().models()).setDeserializer(new ModelUpdateDeserializer())
                .setBootstrapServers(config.kafka().bootstrapServers())
                // each job reads every decision itself; the group only names it in the broker's tools
                .setGroupId(config.kafka().groupId() + "-models")
                .setStartingOffsets(from)
                .setProperty("isolation.level", "read_committed");
        if (bounded) {
            models.setBounded(from); // a bounded source never discovers partitions (setting it too logs a WARN)
        } else {
            models.setProperty("partition.discovery.interval.ms", "0");
        }
        return new JobSources(data.faces(), data.labels(), models.build(), start);
    }

    /** Properties for a plain Kafka client (admin, consumer, producer) of the job's cluster, with its credentials. */
    public static Properties client(KafkaSettings kafka) {
        return KafkaClientConfig.of(kafka).asProperties(java.util.Map.of());
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
                        GroundTruth.class, AvroConversions::truth, TruthEvent::id, TruthEvent::eventTime)),
                s.sink("shadow-predictions", new AvroKafkaSerializer<PredictionEvent, Prediction>(topics.shadow(),
                        Prediction.class, AvroConversions::prediction, PredictionEvent::id, PredictionEvent::eventTime)),
                s.sink("model-events", new AvroKafkaSerializer<ModelStatusEvent, ModelEvent>(topics.modelEvents(),
                        ModelEvent.class, AvroConversions::modelEvent, e -> e.name() + "/" + e.version(),
                        ModelStatusEvent::time)),
                // one partition, as the topic is created: every subtask must see decisions in one order
                s.sink("model-decisions", new AvroKafkaSerializer<ModelChange, ModelUpdate>(topics.models(),
                        ModelUpdate.class, AvroConversions::modelUpdate, c -> c.model().label(), ModelChange::decidedAt)));
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
