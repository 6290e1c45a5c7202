package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.DeadLetterReason;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.avro.RecordRejectedException;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelInput;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.lifecycle.ModelRef;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka bytes of the models topic to {@link ModelInput}. A record that is not a ModelUpdate, or one whose checksum is
 * not a SHA-256, is a dead letter, never a model change; nothing throws.
 */
public final class ModelUpdateDeserializer implements KafkaRecordDeserializationSchema<ModelInput> {
    private transient SingleObjectCodec<ModelUpdate> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = SingleObjectCodec.of(ModelUpdate.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelInput> out) {
        out.collect(parse(record.topic(), record.partition(), record.offset(), record.value()));
    }

    public ModelInput parse(String topic, int partition, long offset, byte[] value) {
        if (codec == null) {
            codec = SingleObjectCodec.of(ModelUpdate.class);
        }
        try {
            return ModelInput.ok(change(codec.decode(value)));
        } catch (RecordRejectedException e) {
            return ModelInput.bad(new Rejected(topic, partition, offset, value, e.reason(), e.getMessage(),
                    System.currentTimeMillis()));
        }
    }

    /** The decision in the job's terms; the same conversion the command-line tools use to read the topic. */
    public static ModelChange change(ModelUpdate u) {
        if (!u.getManifestSha256().matches("[0-9a-f]{64}")) {
            throw new RecordRejectedException(DeadLetterReason.CORRUPT_RECORD, "model update " + u.getName() + "/"
                    + u.getVersion() + ": manifestSha256 is not 64 lower-case hex digits");
        }
        if (u.getUri().isBlank()) {
            throw new RecordRejectedException(DeadLetterReason.CORRUPT_RECORD, "model update " + u.getName() + "/"
                    + u.getVersion() + ": empty uri");
        }
        return new ModelChange(new ModelRef(u.getName(), u.getVersion(), u.getUri(), u.getManifestSha256()),
                u.getRole(), u.getDecidedAt().toEpochMilli(), u.getDecidedBy());
    }

    @Override
    public TypeInformation<ModelInput> getProducedType() {
        return TypeInformation.of(ModelInput.class);
    }
}
