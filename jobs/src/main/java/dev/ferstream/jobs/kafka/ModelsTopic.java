package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.avro.RecordRejectedException;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The models topic as the command-line tools and the job's start see it: created compacted with one partition (so
 * every reader sees decisions in one order), read from the start to its end, appended to one decision at a time.
 * Records are keyed {@code name/version}, so compaction keeps each version's latest decision.
 */
public final class ModelsTopic {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Properties client;
    private final String topic;

    /** @param client Kafka client properties: bootstrap.servers and any security settings */
    public ModelsTopic(Properties client, String topic) {
        this.client = client;
        this.topic = topic;
    }

    /** Every decision so far, in order, and the offset after the last (where a job built now starts reading). */
    public record Snapshot(List<ModelUpdate> updates, long endOffset) {
        /** The assignment the decisions add up to when applied in order to {@code start}. */
        public ModelAssignment assignment(ModelAssignment start) {
            ModelAssignment a = start;
            for (ModelUpdate u : updates) {
                a = a.apply(ModelUpdateDeserializer.change(u));
            }
            return a;
        }
    }

    /** Creates the topic if it is missing; refuses one with several partitions (decisions would lose their order). */
    public void ensure() {
        TopicDescription d = TopicAdmin.ensure(client, new NewTopic(topic, 1, (short) -1)
                .configs(Map.of("cleanup.policy", "compact")));
        if (d.partitions().size() != 1) {
            throw new IllegalStateException("topic " + topic + " has " + d.partitions().size()
                    + " partitions; the models topic must have exactly 1 so every subtask sees decisions in one order");
        }
    }

    /** Reads the whole topic (compacted, so short); records that are not ModelUpdates are skipped. */
    public Snapshot read() {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
            SingleObjectCodec<ModelUpdate> codec = SingleObjectCodec.of(ModelUpdate.class);
            List<ModelUpdate> updates = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp, TIMEOUT) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        ModelUpdate u = codec.decode(r.value());
                        ModelUpdateDeserializer.change(u);
                        updates.add(u);
                    } catch (RecordRejectedException e) {
                        // the job sends these to dead letters; a reader only needs the decisions
                    }
                }
            }
            return new Snapshot(updates, end);
        }
    }

    /** Appends one decision and waits until the broker has it. */
    public void append(ModelUpdate update) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            String key = update.getName() + "/" + update.getVersion();
            producer.send(new ProducerRecord<>(topic, 0, update.getDecidedAt().toEpochMilli(), key,
                    SingleObjectCodec.of(ModelUpdate.class).encode(update))).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TopicAdmin.failure(client, topic, "interrupted while writing to", e);
        } catch (ExecutionException | TimeoutException e) {
            throw TopicAdmin.failure(client, topic, "cannot write to", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    public String topic() {
        return topic;
    }


}
