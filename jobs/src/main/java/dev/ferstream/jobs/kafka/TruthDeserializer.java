package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.RecordRejectedException;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.TruthEvent;
import dev.ferstream.jobs.events.TruthInput;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka bytes to {@link TruthInput}: single-object Avro decoding and a 0..6 label check; never throws. */
public final class TruthDeserializer implements KafkaRecordDeserializationSchema<TruthInput> {
    private transient SingleObjectCodec<GroundTruth> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = SingleObjectCodec.groundTruth();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TruthInput> out) {
        out.collect(parse(record.topic(), record.partition(), record.offset(), record.value()));
    }

    public TruthInput parse(String topic, int partition, long offset, byte[] value) {
        if (codec == null) {
            codec = SingleObjectCodec.groundTruth();
        }
        try {
            GroundTruth truth = codec.decode(value);
            int label = FaceRecords.label(truth);
            return TruthInput.ok(new TruthEvent(truth.getId(), label, truth.getEventTime().toEpochMilli()));
        } catch (RecordRejectedException e) {
            return TruthInput.bad(new Rejected(topic, partition, offset, value, e.reason(), e.getMessage(),
                    System.currentTimeMillis()));
        }
    }

    @Override
    public TypeInformation<TruthInput> getProducedType() {
        return TypeInformation.of(TruthInput.class);
    }
}
