package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The web view's Kafka consumer, on its own thread: reads faces, labels, predictions, shadow predictions, confusion
 * windows and saliency maps as a downstream consumer would ({@code read_committed}, so only output of completed
 * checkpoints), decodes the Avro single-object records, updates the {@link StreamView} and publishes the changes.
 * A fresh consumer group each time, committing nothing: the view never disturbs the job or other consumers. Records
 * that do not decode (the inputs may hold malformed records, which the job dead-letters) are skipped.
 */
public final class TopicFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ViewTopics topics;
    private final StreamView view;
    private final EventHub hub;
    private final Thread thread;
    private final SingleObjectCodec<FaceImage> faceCodec = SingleObjectCodec.faceImage();
    private final SingleObjectCodec<GroundTruth> truthCodec = SingleObjectCodec.groundTruth();
    private final SingleObjectCodec<Prediction> predictionCodec = SingleObjectCodec.prediction();
    private final SingleObjectCodec<ConfusionWindow> windowCodec = SingleObjectCodec.confusionWindow();
    private final SingleObjectCodec<SaliencyMap> mapCodec = SingleObjectCodec.saliencyMap();
    private volatile boolean running = true;

    /** @param from {@code earliest} (everything still in the topics) or {@code latest} (from now on) */
    public TopicFeed(String bootstrapServers, ViewTopics topics, String from, StreamView view, EventHub hub) {
        this(KafkaClientConfig.of(bootstrapServers), topics, from, view, hub);
    }

    /** With the client settings (credentials) of a cluster that wants them, under the view's own settings. */
    public TopicFeed(KafkaClientConfig kafka, ViewTopics topics, String from, StreamView view, EventHub hub) {
        requireFrom(from);
        this.topics = topics;
        this.view = view;
        this.hub = hub;
        consumer = new KafkaConsumer<>(kafka.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "ferstream-web-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, from,
                // topics created after the view starts (the demo, a fresh stack) are picked up within a second
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
        consumer.subscribe(topics.pattern());
        thread = new Thread(this::run, "web-view-feed");
        thread.setDaemon(true);
    }

    /** {@code --from}: earliest or latest, else a one-line error. */
    public static void requireFrom(String from) {
        if (!from.equals("earliest") && !from.equals("latest")) {
            throw new IllegalArgumentException("--from must be earliest or latest, got '" + from + "'");
        }
    }

    public TopicFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    handle(r).ifPresent(e -> hub.publish(e, view));
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.error("web view feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Optional<ViewEvent> handle(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return Optional.empty();
        }
        try {
            String topic = r.topic();
            if (topic.equals(topics.faces())) {
                FaceImage face = faceCodec.decode(r.value());
                return view.onFace(face.getId(), FaceRecords.pixels(face));
            } else if (topic.equals(topics.labels())) {
                GroundTruth truth = truthCodec.decode(r.value());
                return view.onLabel(truth.getId(), FaceRecords.label(truth));
            } else if (topic.equals(topics.predictions())) {
                Prediction p = predictionCodec.decode(r.value());
                return view.onPrediction(p.getId(), p.getLabel(), p.getModelVersion());
            } else if (topic.equals(topics.shadowPredictions())) {
                Prediction p = predictionCodec.decode(r.value());
                return view.onShadowPrediction(p.getId(), p.getLabel(), p.getModelVersion());
            } else if (topic.equals(topics.confusion())) {
                return view.onWindow(windowCodec.decode(r.value()));
            } else if (topic.equals(topics.saliency())) {
                return Optional.of(view.onSaliency(mapCodec.decode(r.value())));
            }
        } catch (RuntimeException e) {
            LOG.debug("web view skips a record of {} (key {}): {}", r.topic(),
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), e.toString());
        }
        return Optional.empty();
    }

    /** Closes a feed that was never started. */
    void closeQuietly() {
        consumer.close(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
