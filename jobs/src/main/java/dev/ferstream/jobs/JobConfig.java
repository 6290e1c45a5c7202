package dev.ferstream.jobs;

import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.ConfigMap;
import dev.ferstream.jobs.config.DeliverySettings;
import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.config.FeedbackSettings;
import dev.ferstream.jobs.config.KafkaClientKeys;
import dev.ferstream.jobs.config.KafkaSettings;
import dev.ferstream.jobs.config.LifecycleSettings;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.config.SaliencySettings;
import dev.ferstream.jobs.config.Topics;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Everything the streaming job can be told, as small typed groups, one per concern, so each function takes only
 * the group it uses. Each group validates itself and owns its keys (see {@code dev.ferstream.jobs.config}).
 *
 * <p>String sources: {@link #DEFAULTS}, then a properties file, then {@code -D key=value} overrides (see
 * {@link #parse}); unknown keys are errors so a typo never silently falls back to a default. Programs (the demo,
 * tests) build the typed values directly. Serializable because Flink ships the groups to every function.
 *
 * @param kafka       bootstrap servers, consumer group, starting offsets
 * @param topics      the two input and five output topics
 * @param model       model bundle, test-time augmentation, native threads
 * @param parallelism job parallelism (classification and the truth join; the confusion window runs at 1)
 * @param batching    classifier micro-batches
 * @param saliency    which faces are explained, and how
 * @param eventTime   watermarks, label delay and lateness, confusion windows
 * @param delivery    sink guarantee, transactions, checkpoint interval
 * @param lifecycle   start model, challenger share, promotion gate
 * @param feedback    where matched pairs are stored for retraining (off when empty)
 */
public record JobConfig(KafkaSettings kafka, Topics topics, ModelSettings model, int parallelism,
                        BatchingSettings batching, SaliencySettings saliency, EventTimeSettings eventTime,
                        DeliverySettings delivery, LifecycleSettings lifecycle, FeedbackSettings feedback)
        implements Serializable {

    /** The job's defaults (model.path and bootstrap.servers are placeholders that callers normally override). */
    public static final JobConfig DEFAULTS = new JobConfig(KafkaSettings.DEFAULTS, Topics.DEFAULTS, ModelSettings.DEFAULTS,
            1, BatchingSettings.DEFAULTS, SaliencySettings.DEFAULTS, EventTimeSettings.DEFAULTS, DeliverySettings.DEFAULTS,
            LifecycleSettings.DEFAULTS, FeedbackSettings.DEFAULTS);

    /** Every key, in the order they are documented and logged. */
    public static final Set<String> KEYS = Collections.unmodifiableSet(new LinkedHashSet<>(DEFAULTS.toMap().keySet()));

    public JobConfig {
        if (kafka == null || topics == null || model == null || batching == null || saliency == null
                || eventTime == null || delivery == null || lifecycle == null || feedback == null) {
            throw new IllegalArgumentException("job config: every settings group must be set");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("job config: parallelism must be >= 1, got " + parallelism);
        }
    }

    /** Defaults with some keys changed. */
    public static JobConfig defaultsWith(Map<String, String> overrides) {
        return DEFAULTS.with(overrides);
    }

    /** Defaults, then the properties file (if any), then the overrides. */
    public static JobConfig parse(Path propertiesFile, Map<String, String> overrides) {
        return parse(DEFAULTS, propertiesFile, overrides);
    }

    /** A program's base config (e.g. the demo's), then the properties file (if any), then the overrides. */
    public static JobConfig parse(JobConfig base, Path propertiesFile, Map<String, String> overrides) {
        Map<String, String> values = base.toMap();
        if (propertiesFile != null) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(propertiesFile)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read job config " + propertiesFile + ": " + e.getMessage());
            }
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        }
        if (overrides != null) {
            values.putAll(overrides);
        }
        return fromMap(values);
    }

    /** A copy with some keys changed (validated again). */
    public JobConfig with(Map<String, String> overrides) {
        Map<String, String> values = toMap();
        if (overrides != null) {
            values.putAll(overrides);
        }
        return fromMap(values);
    }

    /** Every key must be present and known; {@code kafka.<property>} keys pass through to the Kafka clients. */
    public static JobConfig fromMap(Map<String, String> values) {
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS);
        unknown.removeIf(KafkaSettings::isClientKey); // kafka.<property>: checked by KafkaSettings
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown job config key(s) " + unknown + "; known: " + KEYS);
        }
        return ConfigMap.read(values);
    }

    public Map<String, String> toMap() {
        return ConfigMap.write(this);
    }

    public JobConfig withKafka(KafkaSettings value) {
        return new JobConfig(value, topics, model, parallelism, batching, saliency, eventTime, delivery, lifecycle, feedback);
    }

    public JobConfig withTopics(Topics value) {
        return new JobConfig(kafka, value, model, parallelism, batching, saliency, eventTime, delivery, lifecycle, feedback);
    }

    public JobConfig withModel(ModelSettings value) {
        return new JobConfig(kafka, topics, value, parallelism, batching, saliency, eventTime, delivery, lifecycle, feedback);
    }

    public JobConfig withParallelism(int value) {
        return new JobConfig(kafka, topics, model, value, batching, saliency, eventTime, delivery, lifecycle, feedback);
    }

    public JobConfig withBatching(BatchingSettings value) {
        return new JobConfig(kafka, topics, model, parallelism, value, saliency, eventTime, delivery, lifecycle, feedback);
    }

    public JobConfig withSaliency(SaliencySettings value) {
        return new JobConfig(kafka, topics, model, parallelism, batching, value, eventTime, delivery, lifecycle, feedback);
    }

    public JobConfig withEventTime(EventTimeSettings value) {
        return new JobConfig(kafka, topics, model, parallelism, batching, saliency, value, delivery, lifecycle, feedback);
    }

    public JobConfig withDelivery(DeliverySettings value) {
        return new JobConfig(kafka, topics, model, parallelism, batching, saliency, eventTime, value, lifecycle, feedback);
    }

    public JobConfig withLifecycle(LifecycleSettings value) {
        return new JobConfig(kafka, topics, model, parallelism, batching, saliency, eventTime, delivery, value, feedback);
    }

    public JobConfig withFeedback(FeedbackSettings value) {
        return new JobConfig(kafka, topics, model, parallelism, batching, saliency, eventTime, delivery, lifecycle, value);
    }

    /** ND4J threads per classifier copy: explicit, or the cores shared evenly by the parallel classifiers. */
    public int effectiveNativeThreads() {
        return model.threadsFor(parallelism);
    }

    /** One line per key for the start-up log. */
    public String describe() {
        StringJoiner out = new StringJoiner("\n  ", "job config:\n  ", "");
        toMap().forEach((k, v) -> out.add(k + " = " + KafkaClientKeys.displayKey(k, v))); // secrets as ***
        return out.toString();
    }
}
