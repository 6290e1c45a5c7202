package dev.ferstream.jobs.config;

import dev.ferstream.jobs.JobConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** The string form of a {@link JobConfig} (properties keys), assembled from the groups that own the keys. */
public final class ConfigMap {
    private ConfigMap() {
    }

    /** Reads every group; a missing key or a bad value throws a message naming the key. */
    public static JobConfig read(Map<String, String> values) {
        ConfigValues v = new ConfigValues(values);
        return new JobConfig(KafkaSettings.from(v), Topics.from(v), ModelSettings.from(v), v.integer("parallelism"),
                BatchingSettings.from(v), SaliencySettings.from(v), EventTimeSettings.from(v), DeliverySettings.from(v),
                LifecycleSettings.from(v), FeedbackSettings.from(v));
    }

    /** Every key, in documentation order. */
    public static Map<String, String> write(JobConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        config.kafka().write(m);
        config.topics().write(m);
        config.model().write(m);
        m.put("parallelism", Integer.toString(config.parallelism()));
        config.batching().write(m);
        config.saliency().write(m);
        config.eventTime().write(m);
        config.delivery().write(m);
        config.lifecycle().write(m);
        config.feedback().write(m);
        return m;
    }
}
