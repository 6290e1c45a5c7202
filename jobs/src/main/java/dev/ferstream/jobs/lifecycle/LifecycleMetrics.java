package dev.ferstream.jobs.lifecycle;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A subtask's model metrics (docs/metrics.md): {@code model_swaps}, {@code model_rejections},
 * {@code model_load_seconds} (the last load) and {@code model_info{version,role}}, 1 while that version serves in
 * that role and 0 after. Flink cannot unregister a metric cheaply, so a retired version's gauge stays at 0.
 */
public final class LifecycleMetrics {
    private final MetricGroup group;
    private final Counter swaps;
    private final Counter rejections;
    private final Map<String, String> versionByRole = new ConcurrentHashMap<>();
    private final Set<String> registered = new HashSet<>();
    private volatile double lastLoadSeconds;

    public LifecycleMetrics(MetricGroup group) {
        this.group = group;
        swaps = group.counter("model_swaps");
        rejections = group.counter("model_rejections");
        group.gauge("model_load_seconds", (Gauge<Double>) () -> lastLoadSeconds);
    }

    /** A version has started to serve in a role. */
    void serving(LoadedModel<?> model, String role) {
        String version = model.ref().version();
        if (versionByRole.put(role, version) != null) {
            swaps.inc();
        }
        if (model.seconds() > 0) {
            lastLoadSeconds = model.seconds();
        }
        if (registered.add(role + "/" + version)) {
            group.addGroup("version", version).addGroup("role", role)
                    .gauge("model_info", (Gauge<Integer>) () -> version.equals(versionByRole.get(role)) ? 1 : 0);
        }
    }

    void retired(LoadedModel<?> model, String role) {
        versionByRole.remove(role, model.ref().version());
    }

    void rejected() {
        rejections.inc();
    }
}
