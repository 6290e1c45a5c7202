package dev.ferstream.jobs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads a running job's Prometheus endpoint in tests (the reporter takes the first free port of a range). */
public final class PrometheusPages {
    private PrometheusPages() {
    }

    /**
     * Polls the ports until one page of the job's metrics matches every pattern and returns that page (the job's
     * lines only); fails with the window and prediction lines of the last page it saw.
     */
    public static String scrapeUntil(int fromPort, int toPort, String jobName, Duration timeout, Pattern... wanted)
            throws Exception {
        String jobLabel = "job_name=\"" + jobName + "\"";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Integer port = null;
        String last = "";
        while (System.nanoTime() < deadline) {
            for (int p = port != null ? port : fromPort; p <= (port != null ? port : toPort); p++) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/metrics"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body()
                            .lines().filter(line -> line.contains(jobLabel)).collect(Collectors.joining("\n"));
                    if (!body.contains("flink_taskmanager_job_task_operator_predictions")) {
                        continue; // another process, or this job's operators not registered yet
                    }
                    port = p;
                    last = body;
                    if (Arrays.stream(wanted).allMatch(pattern -> pattern.matcher(body).find())) {
                        return "\n" + body;
                    }
                } catch (IOException e) {
                    // nothing listens there
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no metrics page matching " + Arrays.toString(wanted) + " within " + timeout
                + " (reporter port " + port + "); last page:\n"
                + last.lines().filter(l -> l.matches("\\w*(window|predictions|model_|version_)\\w*\\{.*"))
                .limit(60).collect(Collectors.joining("\n")));
    }
}
