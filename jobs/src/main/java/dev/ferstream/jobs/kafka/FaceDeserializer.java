package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.RecordRejectedException;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.Rejected;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka bytes to {@link FaceInput}: single-object Avro decoding, then image validation and decoding to 48x48 grey.
 * Anything that fails becomes a {@link Rejected} carrying topic, partition, offset and the raw bytes; nothing throws,
 * so one bad record can neither stop the job nor make it skip good records.
 */
public final class FaceDeserializer implements KafkaRecordDeserializationSchema<FaceInput> {
    private transient SingleObjectCodec<FaceImage> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = SingleObjectCodec.faceImage();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FaceInput> out) {
        out.collect(parse(record.topic(), record.partition(), record.offset(), record.value()));
    }

    /** The decoding itself, usable without Kafka (tests, replay validation). */
    public FaceInput parse(String topic, int partition, long offset, byte[] value) {
        if (codec == null) {
            codec = SingleObjectCodec.faceImage();
        }
        try {
            FaceImage face = codec.decode(value);
            byte[] pixels = FaceRecords.pixels(face);
            return FaceInput.ok(new FaceEvent(face.getId(), face.getEventTime().toEpochMilli(), pixels));
        } catch (RecordRejectedException e) {
            return FaceInput.bad(new Rejected(topic, partition, offset, value, e.reason(), e.getMessage(),
                    System.currentTimeMillis()));
        }
    }

    @Override
    public TypeInformation<FaceInput> getProducedType() {
        return TypeInformation.of(FaceInput.class);
    }
}
