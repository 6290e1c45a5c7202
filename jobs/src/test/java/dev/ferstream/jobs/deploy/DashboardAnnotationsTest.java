package dev.ferstream.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard's model-event annotations and its {@code version} variable. The annotations query the classifier's
 * model metrics ({@code model_swaps}, {@code model_rejections}, {@code model_load_seconds}, {@code model_info}),
 * which only a job with a model registry exports, so unlike the panels they cannot be required to return data here;
 * instead a real Prometheus must accept every one of them (a typo in PromQL fails), and each must name the metric it
 * annotates from.
 */
class DashboardAnnotationsTest {
    private static final String PREFIX = "flink_taskmanager_job_task_operator_";

    @TempDir
    Path dir;

    private static List<JsonNode> prometheusAnnotations(Dashboard dashboard) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.json().path("annotations").path("list").forEach(a -> {
            if (a.has("expr")) {
                out.add(a);
            }
        });
        return out;
    }

    @Test
    void modelEventAnnotationsAreValidPromQlOverTheModelMetrics() throws Exception {
        assumeTrue(Files.isExecutable(PrometheusServer.BINARY), "no " + PrometheusServer.BINARY + " (apt-get install prometheus)");
        Dashboard dashboard = Dashboard.read(Dashboard.file(RepoRoot.find()));
        List<JsonNode> annotations = prometheusAnnotations(dashboard);
        assertEquals(List.of("Model swaps", "Model rejections", "Model loads", "Serving versions"),
                annotations.stream().map(a -> a.path("name").asText()).toList());
        List<String> metrics = List.of("model_swaps", "model_rejections", "model_load_seconds", "version_role_model_info");
        for (int i = 0; i < annotations.size(); i++) {
            String expr = annotations.get(i).path("expr").asText();
            assertTrue(Pattern.compile(Pattern.quote(PREFIX + metrics.get(i)) + "\\b").matcher(expr).find(), expr);
            assertTrue(annotations.get(i).path("enable").asBoolean(), "on by default: " + expr);
        }
        try (PrometheusServer prometheus = PrometheusServer.start(Files.createDirectories(dir.resolve("prom")), List.of())) {
            for (JsonNode a : annotations) {
                // throws with Prometheus' message when it rejects the expression; nothing is scraped, so no data
                assertEquals(0, prometheus.query(Dashboard.resolve(a.path("expr").asText())).size());
            }
        }
    }

    @Test
    void versionVariableListsTheVersionsWhoseWindowsFired() throws Exception {
        JsonNode variable = Dashboard.read(Dashboard.file(RepoRoot.find())).json().path("templating").path("list").get(0);
        assertEquals("version", variable.path("name").asText());
        assertEquals("label_values(" + PREFIX + "version_window_accuracy, version)", variable.path("definition").asText());
        assertEquals(".*", variable.path("allValue").asText(), "what Dashboard.resolve puts for $version");
    }
}
