package dev.ferstream.jobs.demo;

import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole topic as committed, single-object-encoded Avro records: {@code read_committed}, so with exactly-once
 * sinks only what a checkpoint committed is seen, exactly as a downstream consumer would see it.
 */
public final class TopicReader {
    private TopicReader() {
    }

    /** Every committed record currently in the topic, decoded. */
    public static <T extends SpecificRecord> List<T> readAll(String bootstrapServers, String topic, Class<T> type) {
        return readAll(KafkaClientConfig.of(bootstrapServers), topic, type);
    }

    /** As {@link #readAll(String, String, Class)}, with the client settings (credentials) of the cluster. */
    public static <T extends SpecificRecord> List<T> readAll(KafkaClientConfig kafka, String topic, Class<T> type) {
        SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
        List<T> out = new ArrayList<>();
        for (byte[] value : readRaw(kafka, topic)) {
            out.add(codec.decode(value));
        }
        return out;
    }

    /**
     * Every committed value in the topic, partition by partition. Waits (up to 30 s) until no transaction is open on
     * the topic: a producer's commit returns before the broker has written the commit markers, and until it has, the
     * last stable offset still hides the transaction's records.
     */
    public static List<byte[]> readRaw(String bootstrapServers, String topic) {
        return readRaw(KafkaClientConfig.of(bootstrapServers), topic);
    }

    /** As {@link #readRaw(String, String)}, with the client settings (credentials) of the cluster. */
    public static List<byte[]> readRaw(KafkaClientConfig kafka, String topic) {
        Map<String, Object> props = kafka.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = stableEndOffsets(kafka, consumer, partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    /** read_committed end offsets (last stable offsets), once they have caught up with the high watermarks. */
    private static Map<TopicPartition, Long> stableEndOffsets(KafkaClientConfig kafka, KafkaConsumer<byte[], byte[]> committed,
                                                             List<TopicPartition> partitions) {
        Map<String, Object> props = kafka.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(props)) {
            // a transaction left open by a failed attempt holds the stable offset back until the broker aborts it
            // (sink.transaction-timeout plus the broker's cleanup interval), so wait a little longer than tests set
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                Map<TopicPartition, Long> high = uncommitted.endOffsets(partitions);
                if (stable.equals(high) || System.nanoTime() > deadline) {
                    return stable;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return stable;
                }
            }
        }
    }
}
