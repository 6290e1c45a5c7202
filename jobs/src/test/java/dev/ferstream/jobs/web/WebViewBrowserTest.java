package dev.ferstream.jobs.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live web view in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium}) driven by Playwright
 * ({@code jobs/src/test/web/web-view-check.mjs}) loads the page served by {@link WebView} while records stream
 * through an embedded Kafka broker, and checks that the heatmap fills in and grows, the accuracy chart gets points and
 * saliency overlays appear, and, with a champion and a challenger streaming ({@link StreamFeeder}), that the chart draws
 * one line per model version and the challenger's shadow predictions are counted and compared with the champion's. Skipped only where chromium or node are missing ({@code .ci/run} installs both and runs
 * {@code npm ci} in jobs/src/test/web). The screenshot goes to {@code target/web-view.png}.
 */
class WebViewBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCRIPTS = Path.of("src/test/web").toAbsolutePath();

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void pageFillsInLiveInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(nodeAvailable(), "no node on PATH");
        assertTrue(Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")),
                "playwright-core is not installed: run `npm ci` in " + SCRIPTS);
        Path screenshot = Path.of("target/web-view.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        ViewTopics topics = ViewTopics.of(JobConfig.DEFAULTS.topics());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(topics.all(), 2);
            try (WebView web = WebView.start(kafka.bootstrapServers(), topics, "earliest", "127.0.0.1", 0);
                 StreamFeeder feeder = new StreamFeeder(kafka.bootstrapServers(), topics)) {
                AtomicBoolean streaming = new AtomicBoolean(true);
                Thread stream = new Thread(() -> {
                    while (streaming.get()) {
                        feeder.step(6);
                        sleep(400);
                    }
                }, "test-stream");
                stream.start();
                Process node = new ProcessBuilder("node", "web-view-check.mjs", web.url(), screenshot.toString(), "60")
                        .directory(SCRIPTS.toFile()).redirectErrorStream(true).start();
                String output;
                JsonNode state;
                try {
                    assertTrue(node.waitFor(100, TimeUnit.SECONDS), "the browser check did not finish in 100 s");
                    output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    // the same state over plain HTTP, for scripts and curl; the stream keeps going until the
                    // gallery is full (two maps per step), so a slow machine only waits longer
                    state = stateOnceGalleryFull(web.url() + "api/state", 60);
                } finally {
                    node.destroyForcibly();
                    streaming.set(false);
                    stream.join();
                }
                String last = output.strip().lines().reduce((a, b) -> b).orElse("");
                assertEquals(0, node.exitValue(), "browser check failed:\n" + output);
                JsonNode seen = new ObjectMapper().readTree(last);
                assertTrue(seen.path("ok").asBoolean(), output);
                assertTrue(seen.path("laterTotal").asLong() > seen.path("firstTotal").asLong(), "heatmap grows: " + last);
                assertTrue(seen.path("gallery").size() >= 3, last);
                seen.path("gallery").forEach(g -> assertEquals(StreamFeeder.CHAMPION, g.path("version").asText(), last));
                List<String> versions = List.of(StreamFeeder.CHAMPION, StreamFeeder.CHALLENGER);
                assertEquals(versions, texts(seen.path("lines")), "one accuracy line per version: " + last);
                assertEquals(versions, texts(seen.path("legend")), last);
                assertEquals("challenger", seen.path("models").get(1).path("role").asText(), last);
                assertTrue(Files.size(screenshot) > 10_000, "screenshot written");

                assertEquals(StreamView.GALLERY, state.path("gallery").size(), "gallery capped at its size: " + state);
                assertTrue(state.path("window").path("total").asLong() > 0);
                assertEquals(7, state.path("labels").size());
                assertEquals(2, state.path("accuracy").size(), "two accuracy series: " + state.path("accuracy"));
                JsonNode challenger = state.path("models").get(1);
                assertEquals(StreamFeeder.CHALLENGER, challenger.path("version").asText());
                assertTrue(state.path("shadowPredictions").asLong() > 0);
                assertTrue(challenger.path("compared").asLong() >= 30, challenger.toString());
                // the challenger repeats the champion 3 times in 4 and otherwise guesses (1 in 7 right): about 79%
                double agreement = challenger.path("agreement").asDouble();
                assertTrue(agreement > 0.6 && agreement < 0.95, challenger.toString());
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Polls the state until the gallery is full, then reads it once more a second later; returns the last state. */
    private static JsonNode stateOnceGalleryFull(String url, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode state;
        do {
            state = readState(http, url);
            if (state.path("gallery").size() >= StreamView.GALLERY) {
                sleep(1_000); // more maps arrive meanwhile: the cap must still hold
                return readState(http, url);
            }
            sleep(250);
        } while (System.nanoTime() < deadline);
        return state;
    }

    private static JsonNode readState(HttpClient http, String url) throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
