package dev.ferstream.jobs.web;

import java.util.List;

/** The accuracy-over-time line of one model version: its fired windows, oldest first. */
public record AccuracySeries(String version, List<AccuracyPoint> points) {
}
