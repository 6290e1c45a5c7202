package dev.ferstream.training.report;

import dev.ferstream.eval.McNemar;
import dev.ferstream.eval.PairedOutcomes;
import dev.ferstream.training.compare.ClassRecall;
import dev.ferstream.training.compare.Comparison;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's paired comparison of the two models on the same faces: the 2x2 table of who was right, McNemar's
 * exact test on the faces they disagree on, and per-class recall. Why in the report beside the two confusion matrices:
 * two accuracies a few points apart say nothing about whether the difference is real; the paired test does (the same
 * numbers {@code ferstream compare} prints and gates on).
 */
final class ComparisonSection {
    static final String TITLE = "Paired comparison (McNemar)";

    private ComparisonSection() {
    }

    /** Rows of the 2x2 table: header, A right, A wrong, total (first model = A, rows; second = B, columns). */
    static List<String[]> tableRows(Comparison c) {
        PairedOutcomes t = c.table();
        String a = c.sources().modelA();
        String b = c.sources().modelB();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"", b + " right", b + " wrong", "total"});
        rows.add(new String[]{a + " right", n(t.bothRight()), n(t.onlyARight()), n(t.aCorrect())});
        rows.add(new String[]{a + " wrong", n(t.onlyBRight()), n(t.bothWrong()), n(t.total() - t.aCorrect())});
        rows.add(new String[]{"total", n(t.bCorrect()), n(t.total() - t.bCorrect()), n(t.total())});
        return rows;
    }

    /** The sentence under the table: the discordant counts, both p-values, and what they mean at 0.05. */
    static String verdict(Comparison c) {
        McNemar.Result m = c.mcnemar();
        String a = c.sources().modelA();
        String b = c.sources().modelB();
        String meaning = m.pTwoSided() > c.gate().alpha() ? "the difference is not significant"
                : (m.onlyB() > m.onlyA() ? b : a) + " is significantly better";
        return String.format(Locale.ROOT, "On %d faces the models disagree in correctness on %d: %d only %s got right,"
                        + " %d only %s. McNemar's exact test: two-sided p = %.4g, one-sided p = %.4g that %s is better"
                        + " than %s; at alpha %s %s.", c.faces(), m.discordant(), m.onlyA(), a, m.onlyB(), b,
                m.pTwoSided(), m.pBBetter(), b, a, c.gate().alpha(), meaning);
    }

    /** Per-class rows: label, support, recall of each, delta. */
    static List<String[]> recallRows(Comparison c) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"class", "support", "recall " + c.sources().modelA(), "recall " + c.sources().modelB(), "delta"});
        for (ClassRecall r : c.perClass()) {
            rows.add(new String[]{r.label(), n(r.support()), f(r.recallA()), f(r.recallB()),
                    String.format(Locale.ROOT, "%+.3f", r.delta())});
        }
        return rows;
    }

    static String html(Comparison c) {
        StringBuilder h = new StringBuilder("<h2>").append(TITLE).append("</h2>\n");
        htmlTable(h, tableRows(c));
        h.append("<p>").append(ReportWriter.esc(verdict(c))).append("</p>\n");
        htmlTable(h, recallRows(c));
        return h.toString();
    }

    static String markdown(Comparison c) {
        StringBuilder md = new StringBuilder("\n## ").append(TITLE).append("\n\n");
        mdTable(md, tableRows(c));
        md.append('\n').append(verdict(c)).append("\n\n");
        mdTable(md, recallRows(c));
        return md.toString();
    }

    private static void htmlTable(StringBuilder h, List<String[]> rows) {
        h.append("<table>\n");
        for (String[] row : rows) {
            h.append("<tr>");
            for (String cell : row) {
                h.append("<td>").append(ReportWriter.esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void mdTable(StringBuilder md, List<String[]> rows) {
        for (int r = 0; r < rows.size(); r++) {
            md.append('|');
            for (String cell : rows.get(r)) {
                md.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            md.append('\n');
            if (r == 0) {
                md.append('|').append("---|".repeat(rows.get(0).length)).append('\n');
            }
        }
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
