package dev.ferstream.jobs.cli;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reporter `run` and `demo` use listens on loopback only, unlike Flink's own (every interface); the series it
 * serves are Flink's collectors, scraped with a running job by the demo (ModelReadiness waits on them; DemoCommandTest).
 */
class BoundPrometheusReporterTest {
    private static Properties props(String host, String ports) {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", ports);
        return p;
    }

    @Test
    void servesMetricsOnLoopbackAndNowhereElse() throws Exception {
        MetricReporter reporter = new BoundPrometheusReporterFactory().createMetricReporter(props("127.0.0.1", "29150-29159"));
        try {
            int port = ((BoundPrometheusReporter) reporter).port();
            assertTrue(port >= 29150 && port <= 29159, "a port of the range: " + port);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
            if (external.isPresent()) { // a machine without a network interface has nothing to check here
                assertThrows(IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(external.get(), port), 2000);
                    }
                }, "nothing listens on " + external.get() + ":" + port);
            }
        } finally {
            reporter.close();
        }
    }

    @Test
    void aTakenPortIsOneLine() throws Exception {
        MetricReporter first = new BoundPrometheusReporterFactory().createMetricReporter(props("127.0.0.1", "29160"));
        try {
            assertEquals("metrics: cannot listen on 127.0.0.1:29160 (Address already in use); choose another --metrics-port or 0 for none",
                    assertThrows(IllegalStateException.class, () -> new BoundPrometheusReporterFactory()
                            .createMetricReporter(props("127.0.0.1", "29160"))).getMessage());
        } finally {
            first.close();
        }
    }

    @Test
    void runOptions() {
        RunCommand run = RunCommand.parseCommand("run", "--resume-latest", "-Dcheckpoint.dir=file:///tmp/x", "--metrics-port", "0");
        assertEquals(true, run.restorePoint().resumeLatest());
        assertEquals("file:///tmp/x", run.jobConfig().delivery().checkpointDir());
        assertEquals("/tmp/sp", RunCommand.parseCommand("--from-savepoint", "/tmp/sp").restorePoint().fromSavepoint());
        assertEquals("choose one of --from-savepoint PATH and --resume-latest, not both", assertThrows(IllegalArgumentException.class,
                () -> RunCommand.parseCommand("--from-savepoint", "/tmp/sp", "--resume-latest").restorePoint()).getMessage());
        assertTrue(MetricsReporter.settings("127.0.0.1", 0).toMap().isEmpty(), "port 0: no reporter");
        assertEquals("dev.ferstream.jobs.cli.BoundPrometheusReporterFactory",
                MetricsReporter.settings("127.0.0.1", 9249).toMap().get("metrics.reporter.prom.factory.class"));
    }
}
