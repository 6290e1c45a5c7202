package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.MatchedPair;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The confusion window operator as the job builds it (PairTimeWindows of 2 s sliding by 1 s, its default trigger,
 * ConfusionAggregate, ConfusionWindowFunction) in Flink's keyed operator harness, with a real metric group tree whose
 * registrations are read back under the names and labels the Prometheus reporter exports: two model versions firing
 * windows each keep their own accuracy, counts and pair counter.
 */
class ConfusionWindowMetricsTest {
    private static final String PREFIX = "flink_taskmanager_job_task_operator_";
    /** The labels this operator adds; Flink's own (host, job_name, subtask_index, ...) are left out. */
    private static final Set<String> OWN_LABELS = Set.of("version", "class", "actual", "predicted");

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
    private KeyedOneInputStreamOperatorTestHarness<String, MatchedPair, ConfusionCounts> harness;
    private int nextId;

    @BeforeEach
    void open() throws Exception {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.put(exportedName(name, group), metric)).build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "metrics-test").addTask(ExecutionAttemptID.randomId(), "confusion window");
        MockEnvironment env = new MockEnvironmentBuilder().setMetricGroup(task).build();
        PairTimeWindows windows = new PairTimeWindows(Duration.ofSeconds(2), Duration.ofSeconds(1));
        WindowOperatorBuilder<MatchedPair, String, TimeWindow> builder = new WindowOperatorBuilder<>(windows,
                windows.getDefaultTrigger(), new ExecutionConfig(), TypeInformation.of(MatchedPair.class),
                MatchedPair::modelVersion, Types.STRING);
        OneInputStreamOperator<MatchedPair, ConfusionCounts> operator = builder.aggregate(new ConfusionAggregate(),
                new ConfusionWindowFunction(), TypeInformation.of(long[].class));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, MatchedPair::modelVersion, Types.STRING, env);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The series name as Flink's Prometheus reporter writes it, with this operator's own labels, sorted. */
    private static String exportedName(String name, AbstractMetricGroup<?> group) {
        String scope = group.getLogicalScope(s -> s.replaceAll("[^a-zA-Z0-9:_]", "_"), '_');
        Map<String, String> labels = new TreeMap<>();
        group.getAllVariables().forEach((k, v) -> {
            String key = k.substring(1, k.length() - 1);
            if (OWN_LABELS.contains(key)) {
                labels.put(key, v);
            }
        });
        return "flink_" + scope + "_" + name + labels.entrySet().stream().map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** n pairs of {@code version} at time t, the first {@code correct} right (happy as happy), the rest happy as sad. */
    private void pairs(String version, long t, int n, int correct) throws Exception {
        for (int i = 0; i < n; i++) {
            MatchedPair pair = new MatchedPair("f" + nextId++, 3, i < correct ? 3 : 4, version, t - 10, t);
            harness.processElement(new StreamRecord<>(pair, t));
        }
    }

    private Object gauge(String series) {
        Metric m = metrics.get(series);
        assertTrue(m instanceof Gauge, series + " not registered; registered: " + new TreeMap<>(metrics).keySet());
        return ((Gauge<?>) m).getValue();
    }

    private double accuracy(String version) {
        return (Double) gauge(PREFIX + "version_window_accuracy{version=\"" + version + "\"}");
    }

    private long total(String version) {
        return (Long) gauge(PREFIX + "version_window_total{version=\"" + version + "\"}");
    }

    private long pairsCounted(String version) {
        return ((Counter) metrics.get(PREFIX + "version_matched_pairs{version=\"" + version + "\"}")).getCount();
    }

    @Test
    void eachVersionsGaugesReadThatVersionsWindow() throws Exception {
        pairs("v1", 500, 4, 3);
        pairs("v2", 600, 5, 1);
        harness.processWatermark(new Watermark(999)); // fires [-1000, 1000) of both versions
        assertEquals(2, harness.extractOutputValues().size());
        assertEquals(0.75, accuracy("v1"), 1e-12);
        assertEquals(0.2, accuracy("v2"), 1e-12);
        assertEquals(4, total("v1"));
        assertEquals(5, total("v2"));
        assertEquals(1000L, gauge(PREFIX + "version_window_end{version=\"v2\"}"));
        assertEquals(1L, gauge(PREFIX + "version_actual_predicted_window_count{actual=\"happy\",predicted=\"sad\",version=\"v1\"}"));
        assertEquals(4L, gauge(PREFIX + "version_actual_predicted_window_count{actual=\"happy\",predicted=\"sad\",version=\"v2\"}"));
        assertEquals(0.2, (Double) gauge(PREFIX + "version_class_window_recall{class=\"happy\",version=\"v2\"}"), 1e-12);
        assertEquals(1.0, (Double) gauge(PREFIX + "version_class_window_precision{class=\"happy\",version=\"v1\"}"), 1e-12);
        assertEquals(4, pairsCounted("v1"));
        assertEquals(5, pairsCounted("v2"));

        pairs("v1", 1500, 3, 3);
        harness.processWatermark(new Watermark(1999)); // [0, 2000): v1 holds 7 pairs (6 right), v2 its 5
        assertEquals(6 / 7.0, accuracy("v1"), 1e-12);
        assertEquals(0.2, accuracy("v2"), 1e-12);
        harness.processWatermark(new Watermark(2999)); // [1000, 3000): only v1 has pairs there, so only v1 fires
        assertEquals(5, harness.extractOutputValues().size());
        assertEquals(1.0, accuracy("v1"), 1e-12);
        assertEquals(3, total("v1"));
        assertEquals(0.2, accuracy("v2"), 1e-12, "v2's gauges keep v2's last window");
        assertEquals(2000L, gauge(PREFIX + "version_window_end{version=\"v2\"}"));
        assertEquals(3000L, gauge(PREFIX + "version_window_end{version=\"v1\"}"));
        assertEquals(7, pairsCounted("v1"), "each pair once, though each lies in two windows");
        assertEquals(5, pairsCounted("v2"));
    }

    @Test
    void beyondEightVersionsTheLeastRecentlyFiredGoesBlankUntilItFiresAgain() throws Exception {
        for (int v = 0; v <= ConfusionWindowFunction.VERSIONS_KEPT; v++) {
            pairs("v" + v, 1000L * v + 500, 2, 1);
            harness.processWatermark(new Watermark(1000L * v + 999)); // v's first window fires (and earlier ones end)
        }
        assertTrue(Double.isNaN(accuracy("v0")), "v0 fired least recently: forgotten");
        assertEquals(0, total("v0"));
        assertEquals(0L, gauge(PREFIX + "version_window_end{version=\"v0\"}"));
        assertEquals(0.5, accuracy("v8"), 1e-12);
        assertEquals(0.5, accuracy("v1"), 1e-12, "v1's second window fired after v0's last, so v1 is kept");

        pairs("v0", 9500, 4, 4);
        harness.processWatermark(new Watermark(9999));
        assertEquals(1.0, accuracy("v0"), 1e-12, "v0 is back, on the gauges registered the first time");
        assertEquals(4, total("v0"));
        assertEquals(6, pairsCounted("v0"));
    }
}
