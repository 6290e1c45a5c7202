package dev.ferstream.training.compare;

import dev.ferstream.eval.McNemar;
import dev.ferstream.eval.PairedOutcomes;

import java.util.Locale;

/** The human-readable form of a {@link Comparison}: accuracies, per-class recall, the 2x2 table, the test, the decision. */
public final class ComparisonText {
    private ComparisonText() {
    }

    public static String format(Comparison c) {
        StringBuilder out = new StringBuilder();
        Comparison.Sources s = c.sources();
        out.append(line("A %s: accuracy %.4f", s.modelA(), c.accuracyA()));
        out.append(line("B %s: accuracy %.4f", s.modelB(), c.accuracyB()));
        out.append(line("on %d faces of %s%s%n", c.faces(), s.data(), "none".equals(s.tta()) ? "" : ", TTA " + s.tta()));
        out.append(line("%-10s%9s%9s%9s%9s", "class", "support", "recall A", "recall B", "delta"));
        for (ClassRecall r : c.perClass()) {
            out.append(line("%-10s%9d%9.3f%9.3f%+9.3f", r.label(), r.support(), r.recallA(), r.recallB(), r.delta()));
        }
        out.append(System.lineSeparator()).append(table(c.table()));
        McNemar.Result m = c.mcnemar();
        out.append(line("%nMcNemar exact test on %d discordant faces (A only %d, B only %d):", m.discordant(), m.onlyA(), m.onlyB()));
        out.append(line("  two-sided p = %.4g (A and B differ); one-sided p = %.4g (B better than A)", m.pTwoSided(), m.pBBetter()));
        out.append(decision(c));
        return out.toString();
    }

    /** Who was right: rows A, columns B. */
    static String table(PairedOutcomes t) {
        return line("%-12s%12s%12s%12s", "", "B right", "B wrong", "total")
                + line("%-12s%12d%12d%12d", "A right", t.bothRight(), t.onlyARight(), t.aCorrect())
                + line("%-12s%12d%12d%12d", "A wrong", t.onlyBRight(), t.bothWrong(), t.total() - t.aCorrect())
                + line("%-12s%12d%12d%12d", "total", t.bCorrect(), t.total() - t.bCorrect(), t.total());
    }

    /** The decision line, with the exit status it leads to. */
    static String decision(Comparison c) {
        Comparison.Gate g = c.gate();
        String margin = g.margin() > 0 ? String.format(Locale.ROOT, " and by at least %.4f", g.margin()) : "";
        return g.bBetter()
                ? line("decision: B is better at alpha %s%s (gain %+.4f): exit 0", g.alpha(), margin, c.accuracyB() - c.accuracyA())
                : line("decision: B is not better at alpha %s%s (gain %+.4f, one-sided p %.4g): exit 1", g.alpha(), margin,
                c.accuracyB() - c.accuracyA(), c.mcnemar().pBBetter());
    }

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args) + System.lineSeparator();
    }
}
