package dev.ferstream.training.report;

import dev.ferstream.explain.Deletion;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.bundle.TrainingRun;
import dev.ferstream.model.bundle.TrainingSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Writes {@code report.html} and {@code report.md} (for the repository, linking the PNG files beside it) from a
 * {@link Report}. The HTML is self-contained: every image is embedded as a {@code data:image/png;base64} URI, so the
 * one file can be mailed, attached or opened anywhere without the folder.
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    static final String SALIENCY_TEXT = "Which pixels the predicted class depends on, for the first test faces, by three methods: "
            + "gradient = |d logit / d pixel| in inference mode (one backward pass); smoothgrad = the same averaged over "
            + "16 copies with Gaussian noise of sd 0.15 (seeded); occlusion = the drop of the class probability when an "
            + "8x8 patch is painted mid-grey. Each overlay is shown blurred by a 1-pixel Gaussian (the scores below use the "
            + "raw maps) and scaled to its own 99th percentile.";
    /** The deletion test's description for {@code steps} steps after 0%. */
    static String deletionText(Report r) {
        int steps = r.saliencyScores().isEmpty() ? Deletion.DEFAULT_STEPS : r.saliencyScores().get(0).steps();
        String step = 100 % steps == 0 ? 100 / steps + "%" : String.format(Locale.ROOT, "%.1f%%", 100.0 / steps);
        return "Deletion test: the most salient 0%, " + step + ", ..., 100% of the pixels are set to "
            + "the face's mean grey and the predicted class's probability is recorded; the table gives the area under "
            + "that curve averaged over the faces (lower = the map found the pixels the model needs), with a random "
            + "pixel order as the baseline, and the time per map on this machine (batches of 16 faces).";
    }

    private ReportWriter() {
    }

    public static void write(Report report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(HTML), html(report, file -> dataUri(dir.resolve(file))));
            Files.writeString(dir.resolve(MARKDOWN), markdown(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    /** Rows of (setting, value per model) for the "how it was trained" table. */
    static List<String[]> trainingRows(Report report) {
        List<String[]> rows = new ArrayList<>();
        int n = report.models().size();
        String[][] table = new String[14][n + 1];
        String[] names = {"architecture", "parameters (total / trainable)", "optimizer", "learning rate / schedule",
                "batch size", "epochs (best)", "augmentation", "class weights", "label smoothing", "validation split",
                "train / validation faces", "seconds per epoch", "training images/s", "training runs"};
        for (int r = 0; r < names.length; r++) {
            table[r][0] = names[r];
        }
        for (int m = 0; m < n; m++) {
            ModelFacts f = report.models().get(m);
            ModelMetadata md = f.metadata();
            TrainingSettings t = md.training();
            table[0][m + 1] = md.architecture();
            table[1][m + 1] = f.summary().counted() ? String.format(Locale.ROOT, "%,d / %,d", f.summary().totalParams(),
                    f.summary().trainableParams()) : "? (imported ONNX graph)";
            table[2][m + 1] = t == null ? "?" : t.optimizer();
            table[3][m + 1] = t == null ? "?" : t.learningRate() + " / " + t.schedule();
            table[4][m + 1] = t == null ? "?" : Integer.toString(t.batchSize());
            table[5][m + 1] = md.epochs() + " (" + md.bestEpoch() + ")";
            table[6][m + 1] = t == null ? "?" : t.augmentation();
            table[7][m + 1] = t == null ? "?" : t.classWeights();
            table[8][m + 1] = t == null ? "?" : Double.toString(t.labelSmoothing());
            table[9][m + 1] = t == null ? "?" : t.split();
            table[10][m + 1] = md.trainRows() + " / " + md.validationRows();
            table[11][m + 1] = String.format(Locale.ROOT, "%.1f", f.secondsPerEpoch());
            table[12][m + 1] = String.format(Locale.ROOT, "%.1f", md.trainImagesPerSecond());
            table[13][m + 1] = runs(md.runsOrEmpty());
        }
        for (String[] row : table) {
            rows.add(row);
        }
        return rows;
    }

    /**
     * One clause per {@code train} command, e.g. "epochs 1-12 fresh (adam 0.001 cosine); epochs 13-26 checkpoint (...)":
     * the table's other rows show only the latest command's settings.
     */
    static String runs(List<TrainingRun> runs) {
        if (runs.isEmpty()) {
            return "not recorded";
        }
        List<String> clauses = new ArrayList<>();
        for (TrainingRun run : runs) {
            TrainingSettings t = run.settings();
            String settings = t == null ? "" : " (" + t.optimizer() + " " + t.learningRate() + " " + t.schedule() + ")";
            clauses.add("epochs " + run.firstEpoch() + "-" + run.lastEpoch() + " " + run.startedFrom() + settings);
        }
        return String.join("; ", clauses);
    }

    /** A PNG file as a data URI. */
    static String dataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot embed " + png + " in the report", e);
        }
    }

    /** The HTML report; {@code source} turns an image file name into the {@code src} to write. */
    static String html(Report r, UnaryOperator<String> src) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ferstream model analysis</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;line-height:1.4}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}")
                .append("pre{font-size:11px}img{max-width:100%}.side{display:flex;gap:1em;flex-wrap:wrap}</style></head><body>\n");
        h.append("<h1>Model analysis: ").append(esc(names(r))).append("</h1>\n");

        h.append("<h2>1. Structure and training procedure</h2>\n<table><tr><th>setting</th>");
        r.models().forEach(m -> h.append("<th>").append(esc(m.name())).append("</th>"));
        h.append("</tr>\n");
        for (String[] row : trainingRows(r)) {
            h.append("<tr>");
            for (String cell : row) {
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<div class=\"side\">\n");
        for (ModelFacts m : r.models()) {
            h.append("<div><h3>").append(esc(m.name())).append(" layers</h3><pre>").append(esc(m.summary().format())).append("</pre></div>\n");
        }
        h.append("</div>\n");

        h.append("<h2>2. Training curves</h2>\n");
        h.append(r.curvesImage() == null ? "<p>No metrics.csv in the bundles.</p>\n" : img(src, r.curvesImage(), "training curves"));

        h.append("<h2>3. Confusion matrices (").append(esc(r.evaluationSet())).append(")</h2>\n<div class=\"side\">\n");
        for (int i = 0; i < r.models().size(); i++) {
            h.append("<div>").append(img(src, r.confusionImages().get(i), "confusion " + r.models().get(i).name()));
            h.append("<p>Most confused pairs of ").append(esc(r.models().get(i).name())).append(":</p><ol>");
            for (ConfusedPair p : ConfusedPair.top(r.models().get(i).validation(), 5)) {
                h.append("<li>").append(esc(pair(p))).append("</li>");
            }
            h.append("</ol></div>\n");
        }
        h.append("</div>\n");
        if (r.comparison() != null) {
            h.append(ComparisonSection.html(r.comparison()));
        }

        h.append("<h2>4. Misclassified faces (").append(esc(r.evaluationSet())).append(")</h2>\n");
        h.append(r.misclassifiedImage() == null ? "<p>No misclassified faces.</p>\n" : img(src, r.misclassifiedImage(), "misclassified faces"));
        htmlSaliency(h, r, src);

        h.append("<h2>6. Filters and activations</h2>\n");
        if (r.convLayers().isEmpty()) {
            h.append("<p>No DL4J convolution layers to show: not a convolutional network, or a graph imported from ONNX.</p>\n");
        }
        for (Report.ConvFigures c : r.convLayers()) {
            h.append("<h3>").append(esc(c.layer())).append(" (").append(esc(c.description())).append(")</h3><div class=\"side\">")
                    .append(img(src, c.filtersImage(), "filters " + c.layer())).append(img(src, c.activationsImage(), "activations " + c.layer()))
                    .append("</div>\n");
        }
        h.append("<h2>7. Gradient ascent</h2>\n<p>Input images maximising each filter's mean activation after ReLU (")
                .append(esc(r.ascentSettings())).append(").</p>\n");
        for (Report.ConvFigures c : r.convLayers()) {
            h.append("<h3>").append(esc(c.layer())).append("</h3>").append(img(src, c.ascentImage(), "ascent " + c.layer()));
        }
        h.append("<h2>8. Observations</h2>\n<ul>\n");
        r.observations().forEach(o -> h.append("<li>").append(esc(o)).append("</li>\n"));
        h.append("</ul>\n<h2>Time per part</h2>\n<table><tr><th>part</th><th>seconds</th></tr>\n");
        r.timings().forEach(t -> h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td></tr>%n", esc(t.name()), t.seconds())));
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static void htmlSaliency(StringBuilder h, Report r, UnaryOperator<String> src) {
        h.append("<h2>5. Saliency maps</h2>\n<p>").append(esc(SALIENCY_TEXT)).append("</p>\n");
        h.append(img(src, r.saliencyImage(), "saliency maps"));
        h.append("<p>").append(esc(deletionText(r))).append("</p>\n<table><tr><th>method</th><th>mean deletion AUC</th>")
                .append("<th>ms per map</th><th>faces</th></tr>\n");
        for (String[] row : scoreRows(r)) {
            h.append("<tr><td>").append(esc(String.join("\u0000", row)).replace("\u0000", "</td><td>")).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    static String markdown(Report r) {
        StringBuilder md = new StringBuilder("# Model analysis: ").append(names(r)).append("\n\n## 1. Structure and training procedure\n\n| setting |");
        r.models().forEach(m -> md.append(' ').append(m.name()).append(" |"));
        md.append("\n|---|").append("---|".repeat(r.models().size())).append('\n');
        for (String[] row : trainingRows(r)) {
            md.append('|');
            for (String cell : row) {
                md.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            md.append('\n');
        }
        for (ModelFacts m : r.models()) {
            md.append("\n### ").append(m.name()).append(" layers\n\n```\n").append(m.summary().format()).append("```\n");
        }
        md.append("\n## 2. Training curves\n\n").append(r.curvesImage() == null ? "No metrics.csv in the bundles.\n" : mdImg(r.curvesImage(), "training curves"));
        md.append("\n## 3. Confusion matrices (").append(r.evaluationSet()).append(")\n\n");
        for (int i = 0; i < r.models().size(); i++) {
            md.append(mdImg(r.confusionImages().get(i), "confusion " + r.models().get(i).name()));
        }
        for (int i = 0; i < r.models().size(); i++) {
            md.append("\nMost confused pairs of ").append(r.models().get(i).name()).append(":\n\n");
            int k = 1;
            for (ConfusedPair p : ConfusedPair.top(r.models().get(i).validation(), 5)) {
                md.append(k++).append(". ").append(pair(p)).append('\n');
            }
        }
        if (r.comparison() != null) {
            md.append(ComparisonSection.markdown(r.comparison()));
        }
        md.append("\n## 4. Misclassified faces (").append(r.evaluationSet()).append(")\n\n").append(r.misclassifiedImage() == null ? "None.\n" : mdImg(r.misclassifiedImage(), "misclassified"));
        md.append("\n## 5. Saliency maps\n\n").append(SALIENCY_TEXT).append("\n\n").append(mdImg(r.saliencyImage(), "saliency"))
                .append('\n').append(deletionText(r)).append("\n\n| method | mean deletion AUC | ms per map | faces |\n|---|---|---|---|\n");
        for (String[] row : scoreRows(r)) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\n## 6. Filters and activations\n\n");
        if (r.convLayers().isEmpty()) {
            md.append("No DL4J convolution layers to show: not a convolutional network, or a graph imported from ONNX.\n");
        }
        for (Report.ConvFigures c : r.convLayers()) {
            md.append("### ").append(c.layer()).append(" (").append(c.description()).append(")\n\n")
                    .append(mdImg(c.filtersImage(), "filters " + c.layer())).append(mdImg(c.activationsImage(), "activations " + c.layer()));
        }
        md.append("\n## 7. Gradient ascent\n\nInput images maximising each filter's mean activation after ReLU (").append(r.ascentSettings()).append(").\n\n");
        for (Report.ConvFigures c : r.convLayers()) {
            md.append("### ").append(c.layer()).append("\n\n").append(mdImg(c.ascentImage(), "ascent " + c.layer()));
        }
        md.append("\n## 8. Observations\n\n");
        r.observations().forEach(o -> md.append("- ").append(o).append('\n'));
        md.append("\n## Time per part\n\n| part | seconds |\n|---|---|\n");
        r.timings().forEach(t -> md.append(String.format(Locale.ROOT, "| %s | %.1f |%n", t.name(), t.seconds())));
        return md.toString();
    }

    private static String names(Report r) {
        return String.join(" vs ", r.models().stream().map(ModelFacts::name).toList());
    }

    private static String pair(ConfusedPair p) {
        return String.format(Locale.ROOT, "%s predicted as %s: %d (%.1f%% of %s)", p.actual().label(), p.predicted().label(),
                p.count(), 100 * p.shareOfActual(), p.actual().label());
    }

    /** Rows of (method, mean AUC, ms per map, faces) for the saliency table; the baseline has no cost. */
    static List<String[]> scoreRows(Report r) {
        List<String[]> rows = new ArrayList<>();
        for (SaliencyScore s : r.saliencyScores()) {
            rows.add(new String[]{s.method(), String.format(Locale.ROOT, "%.3f", s.meanAuc()),
                    s.msPerMap() > 0 ? String.format(Locale.ROOT, "%.1f", s.msPerMap()) : "-", Integer.toString(s.faces())});
        }
        return rows;
    }

    private static String img(UnaryOperator<String> src, String file, String alt) {
        return "<img src=\"" + esc(src.apply(file)) + "\" alt=\"" + esc(alt) + "\">\n";
    }

    private static String mdImg(String file, String alt) {
        return "![" + alt + "](" + file + ")\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
