package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.model.Emotion;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The web view's picture of the stream, bounded in memory: recent faces and labels by id (to put a face and its true
 * label under each saliency map, which carries neither), the newest confusion window of each model version and the
 * accuracy of its last {@link #HISTORY} windows (up to {@link #VERSIONS} versions; the one whose newest window is
 * oldest goes first), predictions and shadow predictions per version with their agreement ({@link ModelAgreement}),
 * and the last {@link #GALLERY} saliency maps. Each update returns the event to push, if any. Thread-safe: the feed
 * thread writes, HTTP threads read snapshots.
 */
public final class StreamView {
    static final int HISTORY = 300;
    static final int GALLERY = 12;
    /** Model versions kept (accuracy lines, model list); a champion and a challenger, and a few before them. */
    static final int VERSIONS = 8;
    /** Faces kept for saliency maps still to come: the job's output lags its input by about a checkpoint interval. */
    static final int RECENT = 20_000;

    private final Map<String, String> faces = lru(RECENT);
    private final Map<String, Integer> labels = lru(RECENT);
    /** Per version, in the order versions were first seen (so each keeps its colour on the page). */
    private final Map<String, TreeMap<Long, AccuracyPoint>> history = new LinkedHashMap<>();
    private final Map<String, WindowView> latest = new HashMap<>();
    private final ModelAgreement models = new ModelAgreement(RECENT, VERSIONS);
    private final LinkedHashMap<String, GalleryItem> gallery = new LinkedHashMap<>();
    private long faceCount;
    private long truthCount;
    private long predictionCount;
    private long shadowCount;
    private long mapCount;
    private long windowCount;

    static <V> Map<String, V> lru(int max) {
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
                m.getReason().name(), m.getMethod(), m.getModelVersion(), m.getEventTime().toEpochMilli(), faces.get(m.getId()),
                scaled(m.getMap()));
        gallery.remove(item.id()); // re-insert as newest
        ViewEvent event = put(item);
        while (gallery.size() > GALLERY) {
            gallery.remove(gallery.keySet().iterator().next());
        }
        return event;
    }

    /** A champion prediction (predictions topic); pushes the model list when its version is new. */
    public synchronized Optional<ViewEvent> onPrediction(String id, int label, String version) {
        predictionCount++;
        return models.onChampion(id, label, version) ? Optional.of(modelsEvent()) : Optional.empty();
    }

    /** A challenger's prediction (shadow-predictions topic); pushes the model list when its version is new. */
    public synchronized Optional<ViewEvent> onShadowPrediction(String id, int label, String version) {
        shadowCount++;
        return models.onShadow(id, label, version) ? Optional.of(modelsEvent()) : Optional.empty();
    }

    /**
     * A confusion window: a point on its version's accuracy line. A window older than its version's newest only adds
     * history (no event); the heatmap shows the champion's newest window, or the newest of any version while the
     * champion has none.
     */
    public synchronized Optional<ViewEvent> onWindow(ConfusionWindow w) {
        windowCount++;
        WindowView view = WindowView.of(w);
        TreeMap<Long, AccuracyPoint> series = history.computeIfAbsent(view.modelVersion(), v -> new TreeMap<>());
        series.put(view.windowEnd(), new AccuracyPoint(view.windowEnd(), view.accuracy(), view.total()));
        while (series.size() > HISTORY) {
            series.pollFirstEntry();
        }
        WindowView prior = latest.get(view.modelVersion());
        if (prior != null && view.windowEnd() < prior.windowEnd()) {
            return Optional.empty();
        }
        latest.put(view.modelVersion(), view);
        forgetOldVersions();
        return Optional.of(new ViewEvent("window", Map.of("window", shown(), "accuracy", accuracy(),
                "models", models.views(), "counters", counters())));
    }

    public synchronized ViewSnapshot snapshot() {
        List<GalleryItem> items = new ArrayList<>(gallery.values());
        return new ViewSnapshot(latest.isEmpty() ? null : shown(), accuracy(), models.views(), items, Emotion.labels(),
                faceCount, truthCount, predictionCount, shadowCount, mapCount, windowCount);
    }

    /** Beyond {@link #VERSIONS}, the version whose newest window is oldest goes. */
    private void forgetOldVersions() {
        while (latest.size() > VERSIONS) {
            String oldest = latest.values().stream().min(Comparator.comparingLong(WindowView::windowEnd)).orElseThrow()
                    .modelVersion();
            latest.remove(oldest);
            history.remove(oldest);
        }
    }

    private WindowView shown() {
        WindowView champion = latest.get(models.champion());
        return champion != null ? champion
                : latest.values().stream().max(Comparator.comparingLong(WindowView::windowEnd)).orElseThrow();
    }

    private List<AccuracySeries> accuracy() {
        List<AccuracySeries> out = new ArrayList<>(history.size());
        history.forEach((version, points) -> out.add(new AccuracySeries(version, List.copyOf(points.values()))));
        return out;
    }

    private ViewEvent modelsEvent() {
        return new ViewEvent("models", Map.of("models", models.views(), "counters", counters()));
    }

    private Map<String, Long> counters() {
        return Map.of("faces", faceCount, "truths", truthCount, "predictions", predictionCount,
                "shadowPredictions", shadowCount, "saliencyMaps", mapCount, "windows", windowCount);
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
