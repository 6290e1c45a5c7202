package dev.ferstream.jobs;

import dev.ferstream.model.inference.TestTimeAugmentation;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Everything the streaming job can be told, parsed and validated in one place. Sources: {@link #DEFAULTS}, then a
 * properties file, then {@code -Dkey=value} style overrides (see {@link #parse}); unknown keys are errors so a typo
 * never silently falls back to a default. Serializable because Flink ships it to every function.
 *
 * @param bootstrapServers      Kafka bootstrap servers
 * @param groupId               consumer group of the two sources
 * @param startingOffsets       earliest, latest or committed (falls back to earliest)
 * @param facesTopic            FaceImage input
 * @param labelsTopic           GroundTruth input
 * @param predictionsTopic      Prediction output
 * @param saliencyTopic         SaliencyMap output
 * @param confusionTopic        ConfusionWindow output
 * @param deadLetterTopic       DeadLetter output
 * @param lateLabelsTopic       GroundTruth that arrived after {@code truthMaxDelay}
 * @param modelPath             model bundle directory, loaded in each subtask's {@code open()}
 * @param parallelism           job parallelism (classification and the truth join)
 * @param nativeThreads         ND4J/OpenMP threads per JVM; 0 = cores / parallelism, at least 1
 * @param batchSize             1 = classify each face on its own; N > 1 = micro-batches of up to N faces
 * @param batchTimeout          the longest a face waits for its micro-batch to fill
 * @param tta                   views of each face to average, as {@code ferstream evaluate --tta none|mirror|shifts}
 * @param saliencyRate          fraction of faces sampled for a saliency map (by a hash of the id)
 * @param saliencyThreshold     faces whose top probability is below this always get a saliency map
 * @param saliencyMethod        gradient (|d logit / d pixel|) or occlusion
 * @param outOfOrderness        bounded out-of-orderness of event times within a partition
 * @param idleness              a partition without records for this long stops holding back the watermark
 * @param truthMaxDelay         truth later than this after its face (event time) is late; predictions expire then
 * @param lateRetention         how long after expiry a prediction's id is remembered to recognise late truth
 * @param windowSize            sliding confusion window size
 * @param windowSlide           sliding confusion window slide
 * @param delivery              Kafka sink guarantee
 * @param transactionalIdPrefix prefix of the sinks' transactional ids (unique per job on a cluster)
 * @param transactionTimeout    Kafka transaction timeout; must stay below the broker's 15 min maximum
 * @param checkpointInterval    checkpoint interval (exactly-once output becomes visible at checkpoints)
 */
public record JobConfig(String bootstrapServers, String groupId, String startingOffsets,
                        String facesTopic, String labelsTopic, String predictionsTopic, String saliencyTopic,
                        String confusionTopic, String deadLetterTopic, String lateLabelsTopic,
                        String modelPath, int parallelism, int nativeThreads, int batchSize, Duration batchTimeout,
                        TestTimeAugmentation tta, double saliencyRate, double saliencyThreshold, String saliencyMethod,
                        Duration outOfOrderness, Duration idleness, Duration truthMaxDelay, Duration lateRetention,
                        Duration windowSize, Duration windowSlide, Delivery delivery, String transactionalIdPrefix,
                        Duration transactionTimeout, Duration checkpointInterval) implements Serializable {

    /** Kafka's default {@code transaction.max.timeout.ms} on the broker (15 min). */
    public static final Duration BROKER_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /** Every key with its default and meaning, in the order they are documented and logged. */
    public static final Map<String, String[]> KEYS = keys();
    public static final Map<String, String> DEFAULTS = defaults();

    public JobConfig {
        require(!bootstrapServers.isBlank(), "bootstrap.servers must be set");
        for (String topic : new String[]{facesTopic, labelsTopic, predictionsTopic, saliencyTopic, confusionTopic,
                deadLetterTopic, lateLabelsTopic}) {
            require(!topic.isBlank(), "topic names must not be blank");
        }
        require(new TreeSet<>(java.util.List.of(facesTopic, labelsTopic, predictionsTopic, saliencyTopic, confusionTopic,
                deadLetterTopic, lateLabelsTopic)).size() == 7, "the seven topics must be distinct");
        require(java.util.List.of("earliest", "latest", "committed").contains(startingOffsets),
                "starting-offsets must be earliest, latest or committed, got " + startingOffsets);
        require(!modelPath.isBlank(), "model.path must be set");
        require(parallelism >= 1, "parallelism must be >= 1, got " + parallelism);
        require(nativeThreads >= 0, "native.threads must be >= 0 (0 = auto), got " + nativeThreads);
        require(batchSize >= 1 && batchSize <= 4096, "batch.size must be 1..4096, got " + batchSize);
        requirePositive(batchTimeout, "batch.timeout");
        require(saliencyRate >= 0 && saliencyRate <= 1, "saliency.rate must be in [0,1], got " + saliencyRate);
        require(saliencyThreshold >= 0 && saliencyThreshold <= 1, "saliency.threshold must be in [0,1], got " + saliencyThreshold);
        require(saliencyMethod.equals("gradient") || saliencyMethod.equals("occlusion"),
                "saliency.method must be gradient or occlusion, got " + saliencyMethod);
        require(!outOfOrderness.isNegative(), "watermark.out-of-orderness must be >= 0");
        requirePositive(idleness, "watermark.idleness");
        requirePositive(truthMaxDelay, "truth.max-delay");
        require(!lateRetention.isNegative(), "truth.late-retention must be >= 0");
        requirePositive(windowSize, "window.size");
        requirePositive(windowSlide, "window.slide");
        require(windowSlide.compareTo(windowSize) <= 0, "window.slide (" + DurationParser.format(windowSlide)
                + ") must not exceed window.size (" + DurationParser.format(windowSize) + ")");
        require(windowSize.toMillis() % windowSlide.toMillis() == 0, "window.size must be a multiple of window.slide");
        require(!transactionalIdPrefix.isBlank(), "sink.transactional-id-prefix must be set");
        requirePositive(transactionTimeout, "sink.transaction-timeout");
        require(transactionTimeout.compareTo(BROKER_MAX_TRANSACTION_TIMEOUT) < 0, "sink.transaction-timeout ("
                + DurationParser.format(transactionTimeout) + ") must be below the broker's transaction.max.timeout.ms (15m)");
        requirePositive(checkpointInterval, "checkpoint.interval");
        require(delivery != Delivery.EXACTLY_ONCE || checkpointInterval.compareTo(transactionTimeout) < 0,
                "checkpoint.interval must be shorter than sink.transaction-timeout for exactly-once delivery");
    }

    /** Defaults only (model.path and bootstrap.servers still have placeholders that callers override). */
    public static JobConfig defaultsWith(Map<String, String> overrides) {
        return fromMap(merge(DEFAULTS, overrides));
    }

    /** Defaults, then the properties file (if any), then the overrides. */
    public static JobConfig parse(Path propertiesFile, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (propertiesFile != null) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(propertiesFile)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read job config " + propertiesFile + ": " + e.getMessage());
            }
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        }
        return fromMap(merge(values, overrides));
    }

    /** A copy with some keys changed (validated again). */
    public JobConfig with(Map<String, String> overrides) {
        return fromMap(merge(toMap(), overrides));
    }

    public static JobConfig fromMap(Map<String, String> values) {
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown job config key(s) " + unknown + "; known: " + KEYS.keySet());
        }
        Values r = new Values(values);
        return new JobConfig(r.str("bootstrap.servers"), r.str("group.id"), r.str("source.starting-offsets"),
                r.str("topic.faces"), r.str("topic.labels"), r.str("topic.predictions"), r.str("topic.saliency"),
                r.str("topic.confusion"), r.str("topic.dead-letter"), r.str("topic.late-labels"),
                r.str("model.path"), r.integer("parallelism"), r.integer("native.threads"), r.integer("batch.size"),
                r.duration("batch.timeout"), r.tta("model.tta"), r.dbl("saliency.rate"), r.dbl("saliency.threshold"), r.str("saliency.method"),
                r.duration("watermark.out-of-orderness"), r.duration("watermark.idleness"),
                r.duration("truth.max-delay"), r.duration("truth.late-retention"),
                r.duration("window.size"), r.duration("window.slide"), r.delivery("sink.delivery"),
                r.str("sink.transactional-id-prefix"), r.duration("sink.transaction-timeout"),
                r.duration("checkpoint.interval"));
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bootstrap.servers", bootstrapServers);
        m.put("group.id", groupId);
        m.put("source.starting-offsets", startingOffsets);
        m.put("topic.faces", facesTopic);
        m.put("topic.labels", labelsTopic);
        m.put("topic.predictions", predictionsTopic);
        m.put("topic.saliency", saliencyTopic);
        m.put("topic.confusion", confusionTopic);
        m.put("topic.dead-letter", deadLetterTopic);
        m.put("topic.late-labels", lateLabelsTopic);
        m.put("model.path", modelPath);
        m.put("model.tta", tta.optionName());
        m.put("parallelism", Integer.toString(parallelism));
        m.put("native.threads", Integer.toString(nativeThreads));
        m.put("batch.size", Integer.toString(batchSize));
        m.put("batch.timeout", DurationParser.format(batchTimeout));
        m.put("saliency.rate", Double.toString(saliencyRate));
        m.put("saliency.threshold", Double.toString(saliencyThreshold));
        m.put("saliency.method", saliencyMethod);
        m.put("watermark.out-of-orderness", DurationParser.format(outOfOrderness));
        m.put("watermark.idleness", DurationParser.format(idleness));
        m.put("truth.max-delay", DurationParser.format(truthMaxDelay));
        m.put("truth.late-retention", DurationParser.format(lateRetention));
        m.put("window.size", DurationParser.format(windowSize));
        m.put("window.slide", DurationParser.format(windowSlide));
        m.put("sink.delivery", delivery.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("sink.transactional-id-prefix", transactionalIdPrefix);
        m.put("sink.transaction-timeout", DurationParser.format(transactionTimeout));
        m.put("checkpoint.interval", DurationParser.format(checkpointInterval));
        return m;
    }

    /** ND4J threads for this JVM: explicit, or the cores shared evenly by the parallel classifiers. */
    public int effectiveNativeThreads() {
        return nativeThreads > 0 ? nativeThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
    }

    /** One line per key for the start-up log. */
    public String describe() {
        StringJoiner out = new StringJoiner("\n  ", "job config:\n  ", "");
        toMap().forEach((k, v) -> out.add(k + " = " + v));
        return out.toString();
    }

    private static Map<String, String[]> keys() {
        Map<String, String[]> k = new LinkedHashMap<>();
        k.put("bootstrap.servers", new String[]{"localhost:9092", "Kafka bootstrap servers"});
        k.put("group.id", new String[]{"ferstream", "consumer group of the faces and labels sources"});
        k.put("source.starting-offsets", new String[]{"committed", "earliest, latest, or committed (earliest when none)"});
        k.put("topic.faces", new String[]{"faces", "FaceImage input"});
        k.put("topic.labels", new String[]{"labels", "GroundTruth input"});
        k.put("topic.predictions", new String[]{"predictions", "Prediction output"});
        k.put("topic.saliency", new String[]{"saliency", "SaliencyMap output"});
        k.put("topic.confusion", new String[]{"confusion", "ConfusionWindow output"});
        k.put("topic.dead-letter", new String[]{"dead-letter", "DeadLetter output"});
        k.put("topic.late-labels", new String[]{"late-labels", "GroundTruth that arrived after truth.max-delay"});
        k.put("model.path", new String[]{"models/hw3-cnn", "model bundle directory (loaded by every classifier subtask)"});
        k.put("model.tta", new String[]{"none", "views averaged per face: none, mirror (the face and its mirror) or shifts (10 views); "
                + "true/false mean mirror/none"});
        k.put("parallelism", new String[]{"1", "job parallelism"});
        k.put("native.threads", new String[]{"0", "ND4J threads per JVM; 0 = cores / parallelism"});
        k.put("batch.size", new String[]{"1", "1 = one forward pass per face; N = micro-batches of up to N faces"});
        k.put("batch.timeout", new String[]{"20ms", "longest wait for a micro-batch to fill"});
        k.put("saliency.rate", new String[]{"0.01", "fraction of faces sampled for saliency maps"});
        k.put("saliency.threshold", new String[]{"0.2", "top probability below which a face always gets a saliency map"});
        k.put("saliency.method", new String[]{"gradient", "gradient (|d logit / d pixel|) or occlusion (8x8 patches)"});
        k.put("watermark.out-of-orderness", new String[]{"5s", "bounded out-of-orderness of event time"});
        k.put("watermark.idleness", new String[]{"30s", "idle partitions stop holding back the watermark after this"});
        k.put("truth.max-delay", new String[]{"5m", "ground truth later than this after its face is late"});
        k.put("truth.late-retention", new String[]{"5m", "how long expired prediction ids are remembered to count late truth"});
        k.put("window.size", new String[]{"10m", "sliding confusion window size"});
        k.put("window.slide", new String[]{"1m", "sliding confusion window slide"});
        k.put("sink.delivery", new String[]{"exactly-once", "exactly-once (Kafka transactions) or at-least-once"});
        k.put("sink.transactional-id-prefix", new String[]{"ferstream", "prefix of the sinks' transactional ids"});
        k.put("sink.transaction-timeout", new String[]{"10m", "Kafka transaction timeout (below the broker's 15m maximum)"});
        k.put("checkpoint.interval", new String[]{"10s", "checkpoint interval"});
        return java.util.Collections.unmodifiableMap(k);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        KEYS.forEach((k, v) -> d.put(k, v[0]));
        return java.util.Collections.unmodifiableMap(d);
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>(base);
        if (overrides != null) {
            out.putAll(overrides);
        }
        return out;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("job config: " + message);
        }
    }

    private static void requirePositive(Duration d, String key) {
        require(!d.isNegative() && !d.isZero(), key + " must be > 0");
    }

    /** Typed access with error messages that name the key and the bad value. */
    private record Values(Map<String, String> values) {
        String str(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("job config: " + key + " is missing");
            }
            return v.trim();
        }

        int integer(String key) {
            try {
                return Integer.parseInt(str(key));
            } catch (NumberFormatException e) {
                throw bad(key, "an integer");
            }
        }

        double dbl(String key) {
            try {
                return Double.parseDouble(str(key));
            } catch (NumberFormatException e) {
                throw bad(key, "a number");
            }
        }

        /** none | mirror | shifts; true and false (the key's values before it took view sets) mean mirror and none. */
        TestTimeAugmentation tta(String key) {
            String v = str(key).toLowerCase(Locale.ROOT);
            try {
                return switch (v) {
                    case "true" -> TestTimeAugmentation.MIRROR;
                    case "false" -> TestTimeAugmentation.NONE;
                    default -> TestTimeAugmentation.parse(v);
                };
            } catch (IllegalArgumentException e) {
                throw bad(key, "none, mirror or shifts");
            }
        }

        Duration duration(String key) {
            try {
                return DurationParser.parse(str(key));
            } catch (IllegalArgumentException e) {
                throw bad(key, "a duration such as 500ms, 30s or 10m");
            }
        }

        Delivery delivery(String key) {
            String v = str(key).toUpperCase(Locale.ROOT).replace('-', '_');
            try {
                return Delivery.valueOf(v);
            } catch (IllegalArgumentException e) {
                throw bad(key, "exactly-once or at-least-once");
            }
        }

        private IllegalArgumentException bad(String key, String expected) {
            return new IllegalArgumentException("job config: " + key + " = '" + values.get(key) + "' is not " + expected);
        }
    }
}
