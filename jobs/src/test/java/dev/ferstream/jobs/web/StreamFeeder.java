package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.avro.SaliencyReason;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.jobs.TinyModel;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plays the job's part for the web view tests: writes faces and labels (as the replay does) and predictions, saliency
 * maps and growing confusion windows (as the job does) to Kafka, one step at a time, for a champion ({@link #CHAMPION},
 * on the predictions topic) and a challenger ({@link #CHALLENGER}, on the shadow topic, scoring every face). The
 * champion is right 2 times in 3; the challenger gives the champion's answer 3 times in 4. Saliency maps are two
 * blobs (eyes, mouth) of random strength, enough to see the overlay.
 */
final class StreamFeeder implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final ViewTopics topics;
    private final Random random = new Random(7);
    static final String CHAMPION = "test@1";
    static final String CHALLENGER = "test@2";
    private final long[] counts = new long[49];
    private final long[] challengerCounts = new long[49];
    private final long start = Instant.now().toEpochMilli();
    private int next;

    StreamFeeder(String bootstrapServers, ViewTopics topics) {
        this.topics = topics;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /**
     * n faces with labels and both models' predictions, a saliency map for every third, and per model one window
     * holding all its pairs so far.
     */
    void step(int n) {
        long now = Instant.now().toEpochMilli();
        for (int i = 0; i < n; i++, next++) {
            String id = "w" + next;
            int actual = next % 7;
            int predicted = random.nextInt(3) == 0 ? random.nextInt(7) : actual;
            send(topics.faces(), id, SingleObjectCodec.faceImage().encode(FaceRecords.gray(id, now, TinyModel.face(next))));
            send(topics.labels(), id, SingleObjectCodec.groundTruth().encode(GroundTruth.newBuilder().setId(id)
                    .setLabel(actual).setEventTime(Instant.ofEpochMilli(now + 100)).build()));
            int shadow = random.nextInt(4) == 0 ? random.nextInt(7) : predicted;
            send(topics.predictions(), id, prediction(id, predicted, CHAMPION, now));
            send(topics.shadowPredictions(), id, prediction(id, shadow, CHALLENGER, now));
            counts[actual * 7 + predicted]++;
            challengerCounts[actual * 7 + shadow]++;
            if (next % 3 == 0) {
                send(topics.saliency(), id, SingleObjectCodec.saliencyMap().encode(SaliencyMap.newBuilder().setId(id)
                        .setLabel(predicted).setProbability(0.3f + 0.6f * random.nextFloat()).setMap(blobs())
                        .setMethod("gradient").setReason(next % 2 == 0 ? SaliencyReason.SAMPLED : SaliencyReason.LOW_CONFIDENCE)
                        .setModelVersion(CHAMPION).setEventTime(Instant.ofEpochMilli(now)).build()));
            }
        }
        window(CHAMPION, counts, now);
        window(CHALLENGER, challengerCounts, now);
        producer.flush();
    }

    private static byte[] prediction(String id, int label, String version, long now) {
        List<Float> probabilities = new ArrayList<>(Collections.nCopies(7, 0.05f));
        probabilities.set(label, 0.7f);
        return SingleObjectCodec.prediction().encode(Prediction.newBuilder().setId(id).setLabel(label)
                .setProbabilities(probabilities).setModelName("test").setModelVersion(version)
                .setEventTime(Instant.ofEpochMilli(now)).setProcessedAt(Instant.ofEpochMilli(now + 5)).build());
    }

    /** One window of {@code version} holding all its pairs so far. */
    private void window(String version, long[] counts, long now) {
        long total = Arrays.stream(counts).sum();
        long correct = 0;
        List<Double> recall = new ArrayList<>();
        for (int c = 0; c < 7; c++) {
            correct += counts[c * 7 + c];
            long row = Arrays.stream(counts, c * 7, c * 7 + 7).sum();
            recall.add(row == 0 ? Double.NaN : counts[c * 7 + c] / (double) row);
        }
        send(topics.confusion(), version, SingleObjectCodec.confusionWindow().encode(ConfusionWindow.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(now))
                .setModelVersion(version).setCounts(Arrays.stream(counts).boxed().toList()).setTotal(total)
                .setAccuracy(correct / (double) total).setRecall(recall).setPrecision(recall).build()));
    }

    private List<Float> blobs() {
        float[] map = new float[2304];
        double[][] centres = {{16, 18}, {32, 18}, {24, 36}};
        for (double[] c : centres) {
            double w = 0.3 + random.nextDouble();
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    double d2 = (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]);
                    map[y * 48 + x] += (float) (w * Math.exp(-d2 / 30));
                }
            }
        }
        List<Float> out = new ArrayList<>(map.length);
        for (float v : map) {
            out.add(v);
        }
        return out;
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
    }

    @Override
    public void close() {
        producer.close();
    }
}
