package dev.ferstream.jobs.demo;

import dev.ferstream.jobs.kafka.KafkaClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a {@link ReplayPlan} to Kafka on schedule with an idempotent producer (so offsets are contiguous and the
 * plan's end offsets hold). Blocking; progress is readable from another thread through {@link #sent()}.
 */
public final class Replayer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong facesSent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public Replayer(String bootstrapServers) {
        this(KafkaClientConfig.of(bootstrapServers));
    }

    /** A producer with the client's settings (credentials) under the replay's own. */
    public Replayer(KafkaClientConfig client) {
        producer = new KafkaProducer<>(client.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
    }

    /** Sends every record when due (relative to {@code startMillis}), then flushes; throws on the first send error. */
    public void send(ReplayPlan plan, long startMillis) throws InterruptedException {
        String facesTopic = plan.options().facesTopic();
        for (ReplayPlan.Send s : plan.sends()) {
            long wait = startMillis + s.dueMillis() - System.currentTimeMillis();
            if (wait > 0) {
                producer.flush(); // nothing should linger while we sleep: the stream is meant to be live
                Thread.sleep(wait);
            }
            if (failure.get() != null) {
                break;
            }
            producer.send(new ProducerRecord<>(s.topic(), s.partition(), s.key().getBytes(StandardCharsets.UTF_8),
                    s.value()), (meta, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    sent.incrementAndGet();
                    if (s.topic().equals(facesTopic)) {
                        facesSent.incrementAndGet();
                    }
                }
            });
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("replay failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /** Records acknowledged so far, faces and labels (valid or malformed) together. */
    public long sent() {
        return sent.get();
    }

    /** Records acknowledged on the faces topic (faces, and malformed faces when the plan has them). */
    public long facesSent() {
        return facesSent.get();
    }

    /** Records acknowledged on the labels topic (on time, late, and malformed labels). */
    public long labelsSent() {
        return sent.get() - facesSent.get();
    }

    /**
     * Sends the plan on a daemon thread, so the caller can watch the job meanwhile; a failure is kept for
     * {@link Background#failure()}.
     */
    public Background sendInBackground(ReplayPlan plan, long startMillis) {
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                send(plan, startMillis);
            } catch (Exception e) {
                failed.set(e);
            }
        }, "replay");
        thread.setDaemon(true);
        thread.start();
        return new Background(thread, failed);
    }

    /** A replay running on its own thread. */
    public record Background(Thread thread, AtomicReference<Exception> failed) {
        /** The exception that stopped the replay, or null while it runs or after it succeeded. */
        public Exception failure() {
            return failed.get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
