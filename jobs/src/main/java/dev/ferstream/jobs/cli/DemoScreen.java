package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.DurationParser;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.config.GateSettings;
import dev.ferstream.jobs.demo.ChallengerFigures;

import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Everything the demo prints. On a terminal: a live screen redrawn in place (newest confusion window, counts, URLs).
 * Otherwise (a pipe, a log file, CI): a plain progress line every few seconds and no escape codes, and the summary
 * ends with the final window's 7x7 matrix, since no live screen showed it. With a challenger, the progress and the
 * summary add champion against challenger on the faces both scored, the shadow predictions and the gate's decision.
 */
final class DemoScreen {
    private static final long PROGRESS_EVERY_MS = 5000;

    private final PrintStream out;
    private final boolean live;
    private final String model;
    private long lastProgress;
    private String links = "";
    private boolean challenger;
    private GateSettings gate;

    DemoScreen(PrintStream out, boolean live, String model) {
        this.out = out;
        this.live = live;
        this.model = model;
    }

    boolean live() {
        return live;
    }

    void line(String text) {
        out.println(text);
    }

    /** The addresses the live screen repeats under the matrix. */
    void links(int prometheusPort, String webUrl) {
        links = String.format(Locale.ROOT, "%nPrometheus: http://127.0.0.1:%d/metrics%n", prometheusPort)
                + (webUrl == null ? "" : "Live web view: " + webUrl + "\n");
    }

    /** The demo runs a champion and a challenger (and the gate, when it is enabled): say so, and show them from now. */
    void challenger(DemoRegistry.Published published, GateSettings gateSettings) {
        challenger = true;
        gate = gateSettings;
        out.printf(Locale.ROOT, "published %s as champion and %s as challenger (temporary registry)%n",
                published.champion(), published.challenger());
        if (gate.enabled()) {
            out.printf(Locale.ROOT, "promotion gate: decides after %d faces both scored (margin %s, alpha %s)%n",
                    gate.minPairs(), gate.margin(), gate.alpha());
        }
    }

    void rawBench(RawBench.Result raw) {
        out.printf(Locale.ROOT, "raw batched inference (batch %d, %d threads): %.1f faces/s, accuracy %.4f%n",
                RawBench.BATCH, raw.threads(), raw.facesPerSecond(), raw.accuracy());
    }

    /** Redraws the live screen, or prints a progress line when one is due; {@code force} prints regardless. */
    void progress(DemoProgress p, JobConfig config, boolean force) {
        if (live) {
            render(p, config);
        } else if (force || System.currentTimeMillis() - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = System.currentTimeMillis();
            out.printf(Locale.ROOT, "sent %d/%d faces, %d/%d labels; %d predictions committed, accuracy so far %.4f%s%n",
                    p.facesSent(), p.facesPlanned(), p.labelsSent(), p.labelsPlanned(), p.predictions(),
                    p.accuracySoFar(), challenger ? "; " + versus(p.challenger()) : "");
        }
    }

    private void render(DemoProgress p, JobConfig config) {
        StringBuilder s = new StringBuilder("\033[H\033[2J");
        s.append(String.format(Locale.ROOT, "ferstream demo   %s   parallelism %d, batch %d   %.1f s%n", model,
                config.parallelism(), config.batching().size(), p.seconds()));
        s.append(String.format(Locale.ROOT, "faces sent %d/%d   labels sent %d/%d   predictions %d   dead letters %d   "
                        + "late labels %d%n", p.facesSent(), p.facesPlanned(), p.labelsSent(), p.labelsPlanned(),
                p.predictions(), p.deadLetters(), p.late()));
        s.append(String.format(Locale.ROOT, "accuracy of all predictions so far: %.4f%n", p.accuracySoFar()));
        s.append(challenger ? versus(p.challenger()) + "\n\n" : "\n");
        if (p.window() == null) {
            s.append(String.format(Locale.ROOT, "waiting for the first %s confusion window (slide %s) ...%n",
                    DurationParser.format(config.eventTime().windowSize()),
                    DurationParser.format(config.eventTime().windowSlide())));
        } else {
            s.append(window(p.window()));
        }
        s.append(links);
        out.print(s);
        out.flush();
    }

    /** The window's heading (with two models, naming the version it counts) and its 7x7 matrix. */
    private String window(ConfusionWindow w) {
        long[] counts = w.getCounts().stream().mapToLong(Long::longValue).toArray();
        return String.format(Locale.ROOT, "window %s .. %s%s: %d matched, accuracy %.4f%n", w.getWindowStart(),
                w.getWindowEnd(), challenger ? " of " + w.getModelVersion() : "", w.getTotal(), w.getAccuracy())
                + ConfusionMatrix.of(counts).format();
    }

    /** The short form for the progress line: shadow count, both accuracies on the faces both scored, the decision. */
    private static String versus(ChallengerFigures c) {
        String line = String.format(Locale.ROOT, "shadow %d", c.shadowPredictions());
        if (c.bothScored() > 0) {
            line += String.format(Locale.ROOT, ", both scored %d: %s %.4f vs %s %.4f", c.bothScored(), c.champion(),
                    c.championAccuracy(), c.challenger(), c.challengerAccuracy());
        }
        return c.gateDecision() == null ? line : line + "; gate " + c.gateDecision() + " " + c.gateVersion();
    }

    /** The summary's champion-against-challenger lines. */
    private void challengerSummary(ChallengerFigures c) {
        if (c.bothScored() == 0) {
            out.printf(Locale.ROOT, "  champion vs challenger: no face scored by both; %d shadow predictions%n",
                    c.shadowPredictions());
        } else {
            out.printf(Locale.ROOT, "  champion %s vs challenger %s on %d faces both scored: accuracy %.4f vs %.4f; "
                            + "%d shadow predictions%n", c.champion(), c.challenger(), c.bothScored(),
                    c.championAccuracy(), c.challengerAccuracy(), c.shadowPredictions());
        }
        if (c.gateDecision() != null) {
            out.printf(Locale.ROOT, "  gate: %s %s (%s)%n", c.gateDecision(), c.gateVersion(), c.gateReason());
        } else {
            out.println(gate.enabled() ? String.format(Locale.ROOT, "  gate: no decision (it decides after %d faces "
                    + "both scored)", gate.minPairs()) : "  gate: off (--promote-after N turns it on)");
        }
        out.printf(Locale.ROOT, "  served: %s; the last face by %s%n", c.predictionsByVersion().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")), c.servedAtEnd());
    }

    void summary(DemoSummary s, ConfusionWindow finalWindow) {
        if (!live && finalWindow != null) {
            out.printf("%nfinal ");
            out.print(window(finalWindow));
        }
        out.printf(Locale.ROOT, "%nsummary%n  images %d, predictions %d, matched %d, late %d, unmatched truths %d, "
                        + "expired predictions %d, dead letters %d, saliency maps %d (shed %d)%n"
                        + "  accuracy (matched pairs) %.4f%s%n",
                s.images(), s.predictions(), s.matched(), s.late(), s.unmatchedTruths(), s.expiredPredictions(),
                s.deadLetters(), s.saliencyMaps(), s.saliencyShed(), s.accuracy(),
                s.batchAccuracy() == null ? "" : String.format(Locale.ROOT, " (batch evaluation of the same faces: %.4f)",
                        s.batchAccuracy()));
        out.printf(Locale.ROOT, "  throughput %.1f faces/s end to end, %.1f sustained (middle 80%% of the run)%s%n"
                        + "  latency eventTime->processedAt p50 %d ms, p99 %d ms%n",
                s.facesPerSecond(), s.sustainedFacesPerSecond(),
                s.rawFacesPerSecond() == null ? "" : String.format(Locale.ROOT, "; raw batched %.1f faces/s (%.0f%% / %.0f%%)",
                        s.rawFacesPerSecond(), 100 * s.facesPerSecond() / s.rawFacesPerSecond(),
                        100 * s.sustainedFacesPerSecond() / s.rawFacesPerSecond()),
                s.latencyP50Ms(), s.latencyP99Ms());
        if (s.challenger() != null) {
            challengerSummary(s.challenger());
        }
    }
}
