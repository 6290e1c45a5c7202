package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.avro.SaliencyReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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
        List<Long> counts = IntStream.range(0, 49).mapToObj(i -> i % 8 == 0 ? diagonal : 0L).toList();
        return ConfusionWindow.newBuilder().setWindowStart(Instant.ofEpochMilli(end - 1000)).setWindowEnd(Instant.ofEpochMilli(end))
                .setModelVersion("m@1").setCounts(counts).setTotal(7 * diagonal).setAccuracy(1.0)
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
        assertEquals(List.of(1000L, 2000L), view.snapshot().history().stream().map(AccuracyPoint::windowEnd).toList());
    }

    @Test
    void framesAreServerSentEventsWithNaNAsString() {
        String frame = new EventHub().frame(new ViewEvent("window", Map.of("accuracy", Double.NaN)));
        assertEquals("event: window\ndata: {\"accuracy\":\"NaN\"}\n\n", frame);
    }
}
