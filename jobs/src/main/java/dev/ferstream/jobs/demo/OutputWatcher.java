package dev.ferstream.jobs.demo;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.ModelEvent;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.config.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows the job's output topics as a downstream consumer would ({@code read_committed}) for the demo's live view:
 * counts per topic, prediction latencies (eventTime to processedAt), the newest confusion window, and champion against
 * challenger ({@code shadow-predictions}, {@code model-events}). Single-threaded: call {@link #poll()} from one thread
 * only.
 */
public final class OutputWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String predictionsTopic;
    private final String confusionTopic;
    private final String deadLetterTopic;
    private final String lateTopic;
    private final String shadowTopic;
    private final String eventsTopic;
    private final SingleObjectCodec<Prediction> predictions = SingleObjectCodec.prediction();
    private final SingleObjectCodec<ConfusionWindow> windows = SingleObjectCodec.confusionWindow();
    private final SingleObjectCodec<ModelEvent> events = SingleObjectCodec.of(ModelEvent.class);
    private final ChallengerTally challenger;
    private final Map<String, Set<Integer>> shadowingSubtasks = new HashMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<Long> processedTimes = new ArrayList<>();
    private final Map<String, Integer> truthById;
    private long predictionCount;
    private long deadLetters;
    private long late;
    private long correctSoFar;
    private long labelledSoFar;
    private long firstEventTime = Long.MAX_VALUE;
    private ConfusionWindow latestWindow;

    /**
     * @param truthById labels known to the demo by face id, to show the accuracy of everything predicted so far next
     *                  to the job's windowed figure
     */
    public OutputWatcher(String bootstrapServers, Topics topics, int partitions, Map<String, Integer> truthById) {
        this.predictionsTopic = topics.predictions();
        this.confusionTopic = topics.confusion();
        this.deadLetterTopic = topics.deadLetter();
        this.lateTopic = topics.lateLabels();
        this.shadowTopic = topics.shadow();
        this.eventsTopic = topics.modelEvents();
        this.truthById = truthById;
        this.challenger = new ChallengerTally(truthById);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(predictionsTopic, confusionTopic, deadLetterTopic, lateTopic, shadowTopic,
                eventsTopic)) {
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    /** Reads whatever has been committed since the last call. */
    public void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            String topic = r.topic();
            if (topic.equals(predictionsTopic)) {
                Prediction p = predictions.decode(r.value());
                challenger.prediction(p);
                predictionCount++;
                long eventTime = p.getEventTime().toEpochMilli();
                long processedAt = p.getProcessedAt().toEpochMilli();
                latencies.add(processedAt - eventTime);
                processedTimes.add(processedAt);
                firstEventTime = Math.min(firstEventTime, eventTime);
                Integer truth = truthById.get(p.getId());
                if (truth != null) {
                    labelledSoFar++;
                    if (truth == p.getLabel()) {
                        correctSoFar++;
                    }
                }
            } else if (topic.equals(confusionTopic)) {
                ConfusionWindow w = windows.decode(r.value());
                if (latestWindow == null || w.getWindowEnd().isAfter(latestWindow.getWindowEnd())
                        || w.getWindowEnd().equals(latestWindow.getWindowEnd())) {
                    latestWindow = w;
                }
            } else if (topic.equals(deadLetterTopic)) {
                deadLetters++;
            } else if (topic.equals(lateTopic)) {
                late++;
            } else if (topic.equals(shadowTopic)) {
                challenger.shadow(predictions.decode(r.value()));
            } else if (topic.equals(eventsTopic)) {
                event(events.decode(r.value()));
            }
        }
    }

    private void event(ModelEvent e) {
        challenger.event(e);
        if (e.getOperator().equals("classify") && e.getStatus() == ModelStatus.SHADOWING) {
            shadowingSubtasks.computeIfAbsent(e.getName() + "/" + e.getVersion(), v -> new HashSet<>()).add(e.getSubtask());
        }
    }

    /** Champion against challenger so far. */
    public ChallengerFigures challenger() {
        return challenger.figures();
    }

    /** Classifier subtasks that have reported shadowing with the version ({@code name/version}) so far. */
    public int shadowingSubtasks(String version) {
        return shadowingSubtasks.getOrDefault(version, Set.of()).size();
    }

    public long predictions() {
        return predictionCount;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public long late() {
        return late;
    }

    public ConfusionWindow latestWindow() {
        return latestWindow;
    }

    /** Accuracy of all predictions so far against the labels the demo knows (NaN before the first). */
    public double accuracySoFar() {
        return labelledSoFar == 0 ? Double.NaN : correctSoFar / (double) labelledSoFar;
    }

    public List<Long> latencies() {
        return latencies;
    }

    /** The q-quantile (nearest rank) of eventTime-to-processedAt latency in ms; 0 before the first prediction. */
    public long latencyPercentile(double q) {
        if (latencies.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)));
    }

    /**
     * Predictions per second over the middle 80% of the run (from the 10th to the 90th percentile of processedAt):
     * the rate the pipeline sustains once running, without the start (sources finding their splits, the first
     * checkpoint) and the drain (the last partial batches, one subtask finishing before the other). 0 with under 10
     * predictions or no time between them.
     */
    public double sustainedFacesPerSecond() {
        return sustainedRate(processedTimes);
    }

    static double sustainedRate(List<Long> processedTimes) {
        if (processedTimes.size() < 10) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(processedTimes);
        Collections.sort(sorted);
        int from = sorted.size() / 10;
        int to = sorted.size() - 1 - sorted.size() / 10;
        long millis = sorted.get(to) - sorted.get(from);
        return millis <= 0 ? 0 : (to - from) * 1000.0 / millis;
    }

    /** Milliseconds from the first face's event time to the last prediction. */
    public long spanMillis() {
        return processedTimes.isEmpty() ? 0 : Collections.max(processedTimes) - firstEventTime;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
