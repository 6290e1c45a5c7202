package dev.ferstream.jobs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells when every classifier subtask has loaded and warmed up its model, from the job's Prometheus endpoint (a
 * subtask registers its inference metrics at the end of {@code open()}), so the replay's event times start when the
 * job can work rather than while fer-vgg is still loading.
 */
final class ModelReadiness {
    private static final Pattern SUBTASK_INDEX = Pattern.compile("subtask_index=\"(\\d+)\"");

    private final int prometheusPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ModelReadiness(int prometheusPort) {
        this.prometheusPort = prometheusPort;
    }

    /** Waits until {@code subtasks} classifiers report, or the timeout passes (then says so on {@code err}). */
    void await(int subtasks, Duration timeout, PrintStream err) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (classifierSubtasks(metrics()) >= subtasks) {
                return;
            }
            Thread.sleep(250);
        }
        err.println("demo: metrics endpoint on port " + prometheusPort
                + " did not show every classifier subtask; starting anyway");
    }

    private String metrics() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return ""; // reporter not up yet
        }
    }

    /** Classifier subtasks whose metrics are up, i.e. whose model is loaded and warmed up. */
    static long classifierSubtasks(String prometheusText) {
        return prometheusText.lines().filter(l -> l.contains("operator_inference_latency_ms"))
                .map(SUBTASK_INDEX::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().count();
    }
}
