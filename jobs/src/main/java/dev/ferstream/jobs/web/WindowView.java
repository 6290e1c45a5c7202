package dev.ferstream.jobs.web;

import dev.ferstream.avro.ConfusionWindow;

import java.util.List;

/** One confusion window as the page draws it: 49 counts (row = true label), accuracy and per-class recall. */
public record WindowView(long windowStart, long windowEnd, String modelVersion, long total, double accuracy,
                         List<Long> counts, List<Double> recall) {
    static WindowView of(ConfusionWindow w) {
        return new WindowView(w.getWindowStart().toEpochMilli(), w.getWindowEnd().toEpochMilli(), w.getModelVersion(),
                w.getTotal(), w.getAccuracy(), List.copyOf(w.getCounts()), List.copyOf(w.getRecall()));
    }
}
