package dev.ferstream.jobs.web;

import java.util.List;

/**
 * Everything a newly connected page needs: the window the heatmap shows (the champion's newest; null before the first
 * window), one accuracy series per model version, the model versions with their prediction counts and agreement, the
 * gallery and the counters.
 */
public record ViewSnapshot(WindowView window, List<AccuracySeries> accuracy, List<ModelView> models,
                           List<GalleryItem> gallery, List<String> labels, long faces, long truths, long predictions,
                           long shadowPredictions, long saliencyMaps, long windows) {
}
