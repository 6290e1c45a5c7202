package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The web view's picture of the stream, bounded in memory: recent faces and labels by id (to put a face and its true
 * label under each saliency map, which carries neither), the newest confusion window, the accuracy of the last
 * {@link #HISTORY} windows and the last {@link #GALLERY} saliency maps. Each update returns the event to push, if
 * any. Thread-safe: the feed thread writes, HTTP threads read snapshots.
 */
public final class StreamView {
    static final int HISTORY = 300;
    static final int GALLERY = 12;
    /** Faces kept for saliency maps still to come: the job's output lags its input by about a checkpoint interval. */
    static final int RECENT = 20_000;

    private final Map<String, String> faces = lru(RECENT);
    private final Map<String, Integer> labels = lru(RECENT);
    private final TreeMap<Long, AccuracyPoint> history = new TreeMap<>();
    private final LinkedHashMap<String, GalleryItem> gallery = new LinkedHashMap<>();
    private WindowView latest;
    private long faceCount;
    private long truthCount;
    private long mapCount;
    private long windowCount;

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** A face from the input topic (48x48 grey pixels); fills in the gallery item waiting for it, if any. */
    public synchronized Optional<ViewEvent> onFace(String id, byte[] pixels) {
        faceCount++;
        String encoded = Base64.getEncoder().encodeToString(pixels);
        faces.put(id, encoded);
        GalleryItem item = gallery.get(id);
        if (item != null && item.face() == null) {
            return Optional.of(put(item.withFace(encoded)));
        }
        return Optional.empty();
    }

    /** A ground-truth label; updates the gallery item of that face, if shown. */
    public synchronized Optional<ViewEvent> onLabel(String id, int label) {
        truthCount++;
        labels.put(id, label);
        GalleryItem item = gallery.get(id);
        if (item != null && item.actual() != label) {
            return Optional.of(put(item.withActual(label)));
        }
        return Optional.empty();
    }

    public synchronized ViewEvent onSaliency(SaliencyMap m) {
        mapCount++;
        GalleryItem item = new GalleryItem(m.getId(), m.getLabel(), labels.getOrDefault(m.getId(), -1), m.getProbability(),
                m.getReason().name(), m.getMethod(), m.getEventTime().toEpochMilli(), faces.get(m.getId()), scaled(m.getMap()));
        gallery.remove(item.id()); // re-insert as newest
        ViewEvent event = put(item);
        while (gallery.size() > GALLERY) {
            gallery.remove(gallery.keySet().iterator().next());
        }
        return event;
    }

    /** A confusion window; the newest (by end, then arrival) becomes the heatmap. Older windows only add history. */
    public synchronized Optional<ViewEvent> onWindow(ConfusionWindow w) {
        windowCount++;
        WindowView view = WindowView.of(w);
        history.put(view.windowEnd(), new AccuracyPoint(view.windowEnd(), view.accuracy(), view.total()));
        while (history.size() > HISTORY) {
            history.pollFirstEntry();
        }
        if (latest != null && view.windowEnd() < latest.windowEnd()) {
            return Optional.empty();
        }
        latest = view;
        return Optional.of(new ViewEvent("window", Map.of("window", view, "history", List.copyOf(history.values()),
                "counters", counters())));
    }

    public synchronized ViewSnapshot snapshot() {
        List<GalleryItem> items = new ArrayList<>(gallery.values());
        return new ViewSnapshot(latest, List.copyOf(history.values()), items, Emotion.labels(), faceCount, truthCount,
                mapCount, windowCount);
    }

    private Map<String, Long> counters() {
        return Map.of("faces", faceCount, "truths", truthCount, "saliencyMaps", mapCount, "windows", windowCount);
    }

    private ViewEvent put(GalleryItem item) {
        gallery.put(item.id(), item);
        return new ViewEvent("saliency", item);
    }

    /** The map scaled to 0..255 by its maximum (saliency is relative within one face). */
    static String scaled(List<Float> map) {
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        byte[] out = new byte[map.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (max <= 0 ? 0 : Math.round(255 * Math.max(0, map.get(i)) / max));
        }
        return Base64.getEncoder().encodeToString(out);
    }
}
