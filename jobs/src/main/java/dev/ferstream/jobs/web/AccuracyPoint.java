package dev.ferstream.jobs.web;

/** A point of the accuracy-over-time chart: one fired window. */
public record AccuracyPoint(long windowEnd, double accuracy, long total) {
}
