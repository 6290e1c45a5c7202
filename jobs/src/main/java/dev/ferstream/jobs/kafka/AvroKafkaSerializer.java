package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.SingleObjectCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * One internal event type to one topic as single-object-encoded Avro, keyed by the event's id (so all records of a
 * face land in one partition, in order) and stamped with its event time.
 *
 * @param <T> internal event type
 * @param <A> generated Avro type
 */
public final class AvroKafkaSerializer<T, A extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final Class<A> avroType;
    private final SerializableFunction<T, A> toAvro;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, Long> timestamp;
    private transient SingleObjectCodec<A> codec;

    public AvroKafkaSerializer(String topic, Class<A> avroType, SerializableFunction<T, A> toAvro,
                               SerializableFunction<T, String> key, SerializableFunction<T, Long> timestamp) {
        this.topic = topic;
        this.avroType = avroType;
        this.toAvro = toAvro;
        this.key = key;
        this.timestamp = timestamp;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = SingleObjectCodec.of(avroType);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long ignoredTimestamp) {
        if (codec == null) {
            codec = SingleObjectCodec.of(avroType);
        }
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp.apply(element),
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), codec.encode(toAvro.apply(element)));
    }
}
