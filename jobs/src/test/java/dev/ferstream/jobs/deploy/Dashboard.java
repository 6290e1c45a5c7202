package dev.ferstream.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Grafana dashboard's panels and their PromQL, read from the JSON Grafana is provisioned with, so the tests check
 * exactly what the dashboard queries.
 */
public record Dashboard(JsonNode json, List<Panel> panels) {
    /**
     * Grafana's built-in interval variables, replaced by fixed ranges when a query is sent to Prometheus directly, and
     * the dashboard's own {@code $version} as its "All" value.
     */
    static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__interval", "15s", "$__range", "5m",
            "$version", ".*");

    public record Panel(String title, String type, List<String> expressions) {
    }

    public static Path file(Path repoRoot) {
        return repoRoot.resolve("deploy/grafana/dashboards/ferstream.json");
    }

    public static Dashboard read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Panel> panels = new ArrayList<>();
        for (JsonNode p : root.path("panels")) {
            List<String> exprs = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                exprs.add(t.path("expr").asText(""));
            }
            panels.add(new Panel(p.path("title").asText(""), p.path("type").asText(""), exprs));
        }
        return new Dashboard(root, panels);
    }

    /** The expression as Prometheus can run it: Grafana's variables replaced. */
    public static String resolve(String expr) {
        String out = expr;
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            out = out.replace(v.getKey(), v.getValue());
        }
        return out;
    }
}
