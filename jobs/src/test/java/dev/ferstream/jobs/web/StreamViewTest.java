package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.avro.SaliencyReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The view's state rules and the SSE framing, without Kafka or a browser. */
class StreamViewTest {
    private static SaliencyMap map(String id, int label) {
        List<Float> values = IntStream.range(0, 2304).mapToObj(i -> i == 0 ? 2f : i == 1 ? 1f : 0f).toList();
        return SaliencyMap.newBuilder().setId(id).setLabel(label).setProbability(0.5f).setMap(values).setMethod("gradient")
                .setReason(SaliencyReason.SAMPLED).setModelVersion("m@1").setEventTime(Instant.ofEpochMilli(1)).build();
    }

    private static ConfusionWindow window(long end, long diagonal) {
        return window("m@1", end, diagonal, 0);
    }

    /** A window of {@code version}: {@code diagonal} right answers per class and {@code wrong} angry-as-disgust. */
    private static ConfusionWindow window(String version, long end, long diagonal, long wrong) {
        List<Long> counts = IntStream.range(0, 49).mapToObj(i -> i == 1 ? wrong : i % 8 == 0 ? diagonal : 0L).toList();
        long total = 7 * diagonal + wrong;
        return ConfusionWindow.newBuilder().setWindowStart(Instant.ofEpochMilli(end - 1000)).setWindowEnd(Instant.ofEpochMilli(end))
                .setModelVersion(version).setCounts(counts).setTotal(total).setAccuracy(7 * diagonal / (double) total)
                .setRecall(Collections.nCopies(7, 1.0)).setPrecision(Collections.nCopies(7, 1.0)).build();
    }

    @Test
    void saliencyItemsCarryTheirFaceAndTrueLabelWhicheverArrivesFirst() {
        StreamView view = new StreamView();
        view.onFace("a", new byte[2304]);
        view.onLabel("a", 3);
        GalleryItem a = (GalleryItem) view.onSaliency(map("a", 5)).data();
        assertEquals(3, a.actual());
        assertEquals(5, a.predicted());
        assertEquals(2304, Base64.getDecoder().decode(a.face()).length);
        byte[] scaled = Base64.getDecoder().decode(a.map());
        assertEquals(255, scaled[0] & 0xFF, "maximum scaled to 255");
        assertEquals(128, scaled[1] & 0xFF);

        GalleryItem b = (GalleryItem) view.onSaliency(map("b", 1)).data();
        assertNull(b.face());
        assertEquals(-1, b.actual());
        assertEquals(4, ((GalleryItem) view.onLabel("b", 4).orElseThrow().data()).actual(), "label fills in later");
        assertTrue(view.onFace("b", new byte[2304]).isPresent(), "face fills in later");
    }

    @Test
    void galleryKeepsTheNewestTwelve() {
        StreamView view = new StreamView();
        for (int i = 0; i < 20; i++) {
            view.onSaliency(map("f" + i, 0));
        }
        List<GalleryItem> items = view.snapshot().gallery();
        assertEquals(StreamView.GALLERY, items.size());
        assertEquals("f8", items.get(0).id());
        assertEquals("f19", items.get(11).id());
    }

    @Test
    void aLateArrivingOlderWindowOnlyAddsHistory() {
        StreamView view = new StreamView();
        assertTrue(view.onWindow(window(2000, 3)).isPresent());
        assertTrue(view.onWindow(window(1000, 1)).isEmpty(), "older window does not replace the heatmap");
        assertEquals(2000, view.snapshot().window().windowEnd());
        assertEquals(1, view.snapshot().accuracy().size());
        assertEquals(List.of(1000L, 2000L), view.snapshot().accuracy().get(0).points().stream().map(AccuracyPoint::windowEnd).toList());
    }

    @Test
    void twoVersionsGiveTwoAccuracySeriesAndTheHeatmapShowsTheChampion() throws Exception {
        StreamView view = new StreamView();
        view.onPrediction("a", 0, "v1");
        view.onWindow(window("v1", 1000, 2, 2)); // 14 of 16 right
        view.onWindow(window("v2", 1000, 3, 0));
        view.onWindow(window("v2", 2000, 1, 3)); // 7 of 10
        view.onWindow(window("v1", 2000, 1, 1)); // 7 of 8
        view.onWindow(window("v2", 3000, 2, 0));
        JsonNode json = new ObjectMapper().readTree(new EventHub().json(view.snapshot()));
        JsonNode series = json.path("accuracy");
        assertEquals(2, series.size(), json.toString());
        assertEquals("v1", series.get(0).path("version").asText());
        assertEquals(List.of(0.875, 0.875), accuracies(series.get(0)));
        assertEquals("v2", series.get(1).path("version").asText());
        assertEquals(List.of(1.0, 0.7, 1.0), accuracies(series.get(1)));
        assertEquals(List.of(1000L, 2000L, 3000L), ends(series.get(1)));
        assertEquals("v1", json.path("window").path("modelVersion").asText(), "the champion's window, though v2's is newer");
        assertEquals(2000, json.path("window").path("windowEnd").asLong());
        assertEquals(5, json.path("windows").asLong());
    }

    private static List<Long> ends(JsonNode series) {
        List<Long> out = new ArrayList<>();
        series.path("points").forEach(p -> out.add(p.path("windowEnd").asLong()));
        return out;
    }

    private static List<Double> accuracies(JsonNode series) {
        List<Double> out = new ArrayList<>();
        series.path("points").forEach(p -> out.add(p.path("accuracy").asDouble()));
        return out;
    }

    @Test
    void shadowPredictionsAreCountedAndComparedWithTheChampionOnTheSameFaces() throws Exception {
        StreamView view = new StreamView();
        for (int i = 0; i < 12; i++) {
            int label = i % 7;
            int shadowLabel = i % 5 == 0 ? (label + 1) % 7 : label; // ids 0, 5, 10 disagree
            if (i % 2 == 0) { // either topic may deliver first
                view.onShadowPrediction("f" + i, shadowLabel, "v2");
            }
            if (i < 10) {
                view.onPrediction("f" + i, label, "v1");
            }
            if (i % 2 == 1) {
                view.onShadowPrediction("f" + i, shadowLabel, "v2");
            }
        }
        JsonNode json = new ObjectMapper().readTree(new EventHub().json(view.snapshot()));
        assertEquals(10, json.path("predictions").asLong());
        assertEquals(12, json.path("shadowPredictions").asLong());
        JsonNode models = json.path("models");
        assertEquals(2, models.size(), json.toString());
        assertEquals(List.of("v1", "champion", "10", "0", "0"), row(models.get(0)));
        assertEquals("NaN", models.get(0).path("agreement").asText(), "a champion is not compared with itself");
        // ids 10 and 11 have no champion answer yet; of ids 0..9, 0 and 5 disagree
        assertEquals(List.of("v2", "challenger", "0", "12", "10"), row(models.get(1)));
        assertEquals(8, models.get(1).path("agreed").asLong());
        assertEquals(0.8, models.get(1).path("agreement").asDouble(), 1e-12);

        view.onPrediction("f10", 3, "v1"); // the champion answers face 10 late: v2 said 4, so they disagree
        assertEquals(11, view.snapshot().models().get(1).compared());
        assertEquals(8, view.snapshot().models().get(1).agreed());
        view.onPrediction("f12", 5, "v2"); // promoted: v2 now answers on the predictions topic
        assertEquals(List.of("v2:champion", "v1:former"),
                view.snapshot().models().stream().map(m -> m.version() + ":" + m.role()).toList());
    }

    private static List<String> row(JsonNode m) {
        return List.of(m.path("version").asText(), m.path("role").asText(), m.path("predictions").asText(),
                m.path("shadowPredictions").asText(), m.path("compared").asText());
    }

    @Test
    void aNewModelVersionIsPushedAtOnceAndSaliencyTilesCarryTheirVersion() {
        StreamView view = new StreamView();
        assertEquals("models", view.onShadowPrediction("a", 1, "v2").orElseThrow().name());
        assertTrue(view.onShadowPrediction("b", 1, "v2").isEmpty(), "later predictions wait for the next window event");
        GalleryItem item = (GalleryItem) view.onSaliency(map("a", 1)).data();
        assertEquals("m@1", item.modelVersion());
    }

    @Test
    void framesAreServerSentEventsWithNaNAsString() {
        String frame = new EventHub().frame(new ViewEvent("window", Map.of("accuracy", Double.NaN)));
        assertEquals("event: window\ndata: {\"accuracy\":\"NaN\"}\n\n", frame);
    }
}
