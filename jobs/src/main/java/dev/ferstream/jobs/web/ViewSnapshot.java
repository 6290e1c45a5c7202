package dev.ferstream.jobs.web;

import java.util.List;

/** Everything a newly connected page needs: the latest window, the accuracy history, the gallery and counters. */
public record ViewSnapshot(WindowView window, List<AccuracyPoint> history, List<GalleryItem> gallery, List<String> labels,
                           long faces, long truths, long saliencyMaps, long windows) {
}
