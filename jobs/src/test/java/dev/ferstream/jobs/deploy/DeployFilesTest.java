package dev.ferstream.jobs.deploy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.configuration.YamlParserUtils;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files without a Docker engine: the compose file parses and everything it mounts or builds from
 * exists, Flink's own parser loads deploy/flink/config.yaml, Prometheus and Grafana provisioning parse, and the
 * dashboard JSON is valid with queries on every panel. YAML is read with Flink's parser (its shaded SnakeYAML),
 * which is already on the classpath.
 */
class DeployFilesTest {
    private static final Path ROOT = RepoRoot.find();
    /** Produced by {@code mvn package}; the compose file documents that step, so they need not exist in a checkout. */
    private static final Set<String> BUILD_OUTPUTS = Set.of("./jobs/target");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), "missing " + file);
        return YamlParserUtils.loadYamlFile(file.toFile());
    }

    /** The compose services, with YAML merge keys ({@code <<: *flink-common}) applied as Compose applies them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Map<String, Object>> services = new java.util.LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) yaml(ROOT.resolve("docker-compose.yml")).get("services")).forEach((name, s) -> {
            Map<String, Object> merged = new java.util.LinkedHashMap<>();
            if (s.get("<<") instanceof Map<?, ?> base) {
                ((Map<String, Object>) base).forEach(merged::put);
            }
            s.forEach((k, v) -> {
                if (!k.equals("<<")) {
                    merged.put(k, v);
                }
            });
            services.put(name, merged);
        });
        return services;
    }

    @Test
    void composeHasTheWholeStackStartingInOrder() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertEquals(new TreeSet<>(List.of("kafka", "topics", "jobmanager", "taskmanager", "replay", "web", "prometheus", "grafana")),
                new TreeSet<>(services.keySet()));
        for (String s : List.of("kafka", "jobmanager", "prometheus")) {
            assertNotNull(services.get(s).get("healthcheck"), s + " needs a health check others can wait on");
        }
        assertEquals(Map.of("condition", "service_healthy"), dependsOn(services, "topics").get("kafka"));
        assertEquals(Map.of("condition", "service_completed_successfully"), dependsOn(services, "jobmanager").get("topics"));
        assertEquals(Map.of("condition", "service_healthy"), dependsOn(services, "taskmanager").get("jobmanager"));
        assertEquals(Map.of("condition", "service_healthy"), dependsOn(services, "grafana").get("prometheus"));
        assertTrue(String.valueOf(services.get("jobmanager").get("image")).startsWith("ferstream-flink:2.2"));
        // Flink's entrypoint parser stops at the first option it does not know and hands the rest to the job; "-D"
        // (a Flink option) or "--config" (taken as --configDir) there would never reach FerstreamJob
        String[] command = String.valueOf(services.get("jobmanager").get("command")).trim().split("\\s+");
        assertEquals(List.of("standalone-job", "--job-classname", "dev.ferstream.jobs.FerstreamJob", "--set"),
                List.of(command).subList(0, 4));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(Map<String, Map<String, Object>> services, String name) {
        return (Map<String, Object>) services.get(name).get("depends_on");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMountedFileAndBuildInputExists() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : services().entrySet()) {
            for (Object v : (List<Object>) e.getValue().getOrDefault("volumes", List.of())) {
                String host = v.toString().replaceAll("\\$\\{[A-Z_]+:-([^}]+)}", "$1").split(":")[0];
                if (!host.startsWith(".") || BUILD_OUTPUTS.contains(host) || host.equals("./data/fer2013")) {
                    continue; // named volume, build output, or the data set (not in the repository)
                }
                assertTrue(Files.exists(ROOT.resolve(host)), e.getKey() + " mounts missing " + host);
                checked.add(host);
            }
            Object build = e.getValue().get("build");
            if (build instanceof Map<?, ?> b) {
                Path context = ROOT.resolve(String.valueOf(b.get("context")));
                Path dockerfile = context.resolve(String.valueOf(b.get("dockerfile")));
                assertTrue(Files.isRegularFile(dockerfile), "missing " + dockerfile);
                Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s").matcher(Files.readString(dockerfile));
                while (copy.find()) {
                    String src = copy.group(1);
                    if (!src.startsWith("jobs/target/")) {
                        assertTrue(Files.exists(context.resolve(src)), dockerfile + " copies missing " + src);
                        checked.add(src);
                    }
                }
            }
        }
        assertTrue(checked.containsAll(List.of("./deploy/flink/config.yaml", "./deploy/prometheus/prometheus.yml",
                "./deploy/grafana/provisioning", "./deploy/grafana/dashboards", "deploy/flink/start.sh")), checked.toString());
        assertTrue(Files.isExecutable(ROOT.resolve("deploy/flink/start.sh")), "start.sh must be executable");
    }

    @Test
    void flinkLoadsTheConfigWithItsOwnParser() {
        Configuration conf = GlobalConfiguration.loadConfiguration(ROOT.resolve("deploy/flink").toString());
        assertEquals("org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                conf.getString("metrics.reporter.prom.factory.class", null));
        assertEquals("9249-9250", conf.getString("metrics.reporter.prom.port", null));
        assertEquals("org.nd4j.;org.bytedeco.;ai.onnxruntime.", conf.getString("classloader.parent-first-patterns.additional", null));
        assertEquals("2", conf.getString("taskmanager.numberOfTaskSlots", null));
        assertEquals("jobmanager", conf.getString("jobmanager.rpc.address", null));
        assertEquals("10s", conf.getString("execution.checkpointing.interval", null));
    }

    /**
     * The TaskManagers' JVM options (oneDNN on, young GCs that free native buffers, the C1 compiler only) are the
     * same for compose and Kubernetes, and the local cluster's script starts its TaskManagers with C1 too (the
     * default of deploy/stream-jit.sh, which the launcher's streaming commands use as well).
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyTaskManagerRunsTheSameJvmOptions() throws Exception {
        String key = "env.java.opts.taskmanager";
        String compose = GlobalConfiguration.loadConfiguration(ROOT.resolve("deploy/flink").toString()).getString(key, null);
        Map<String, Object> spec = (Map<String, Object>) yaml(ROOT.resolve("deploy/kubernetes/flink-deployment.yaml")).get("spec");
        String kubernetes = (String) ((Map<String, Object>) spec.get("flinkConfiguration")).get(key);
        assertEquals(compose, kubernetes, key + " in deploy/flink/config.yaml and the FlinkDeployment");
        for (String option : List.of("-Dorg.eclipse.deeplearning4j.helpers.disable=false", "-Xmn48m", "-XX:TieredStopAtLevel=1")) {
            assertTrue(List.of(compose.split(" ")).contains(option), key + " lacks " + option + ": " + compose);
        }
        assertTrue(Files.readString(ROOT.resolve("deploy/stream-jit.sh")).contains("c1) echo \"-XX:TieredStopAtLevel=1\""),
                "deploy/stream-jit.sh gives C1 only by default");
        assertTrue(Files.readString(ROOT.resolve("deploy/local/cluster.sh")).contains("tm_jit=\"$(stream_jit_flags cluster)\""),
                "deploy/local/cluster.sh starts its TaskManagers with deploy/stream-jit.sh's flags");
    }

    @Test
    void memorySettingsResolveAsTheProcessesWouldStart() {
        Configuration conf = GlobalConfiguration.loadConfiguration(ROOT.resolve("deploy/flink").toString());
        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        assertEquals(MemorySize.parse("4096m"), tm.getTotalProcessMemorySize());
        assertEquals(MemorySize.parse("1g"), tm.getJvmOverheadSize(), "room for ND4J's native buffers");
        assertEquals(2, tm.getNumSlots());
        assertTrue(tm.getTaskHeapSize().compareTo(MemorySize.parse("1500m")) > 0, "heap for two models: " + tm);
        assertEquals(MemorySize.parse("1600m"), JobManagerProcessUtils.processSpecFromConfig(conf).getTotalProcessMemorySize());
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusAndGrafanaProvisioningParse() throws Exception {
        Map<String, Object> prom = yaml(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        List<Map<String, Object>> scrapes = (List<Map<String, Object>>) prom.get("scrape_configs");
        assertEquals("flink", scrapes.get(0).get("job_name"));
        Map<String, Object> ds = yaml(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> source = ((List<Map<String, Object>>) ds.get("datasources")).get(0);
        assertEquals("http://prometheus:9090", source.get("url"));
        Map<String, Object> providers = yaml(ROOT.resolve("deploy/grafana/provisioning/dashboards/ferstream.yml"));
        Map<String, Object> options = (Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers")).get(0).get("options");
        assertEquals("/var/lib/grafana/dashboards", options.get("path"), "where compose mounts deploy/grafana/dashboards");
        // every panel's data source is the provisioned one
        Dashboard d = Dashboard.read(Dashboard.file(ROOT));
        d.json().path("panels").forEach(p -> assertEquals(source.get("uid"), p.path("datasource").path("uid").asText()));
    }

    /** Prometheus' own checker on the compose and the demo configs, where the Debian package is installed (.ci/run installs it). */
    @Test
    void promtoolAcceptsThePrometheusConfig() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool), "no promtool (apt-get install prometheus)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "config", ROOT.resolve("deploy/prometheus/prometheus.yml").toString(),
                ROOT.resolve("deploy/prometheus/demo.yml").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void dashboardIsValidJsonAndEveryPanelQueriesTheJobsMetrics() throws Exception {
        Dashboard d = Dashboard.read(Dashboard.file(ROOT));
        assertEquals("ferstream", d.json().path("uid").asText());
        assertTrue(d.panels().size() >= 8, "panels: " + d.panels());
        Set<String> titles = new TreeSet<>();
        for (Dashboard.Panel p : d.panels()) {
            titles.add(p.title());
            assertFalse(p.expressions().isEmpty(), p.title() + " has no targets");
            for (String expr : p.expressions()) {
                assertTrue(expr.contains("flink_taskmanager_job_task_operator_"), p.title() + ": " + expr);
            }
        }
        for (String wanted : List.of("accuracy", "recall", "confusion", "by class", "latency", "late", "dead letters", "lag")) {
            assertTrue(titles.stream().anyMatch(t -> t.toLowerCase().contains(wanted)), "no panel about " + wanted + ": " + titles);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesManifestIsAFlinkDeployment() throws Exception {
        Map<String, Object> k8s = yaml(ROOT.resolve("deploy/kubernetes/flink-deployment.yaml"));
        assertEquals("flink.apache.org/v1beta1", k8s.get("apiVersion"));
        assertEquals("FlinkDeployment", k8s.get("kind"));
        Map<String, Object> spec = (Map<String, Object>) k8s.get("spec");
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertEquals("local:///opt/flink/usrlib/ferstream-jobs-flink.jar", job.get("jarURI"));
        assertTrue(((Number) job.get("parallelism")).intValue() > 1);
    }
}
