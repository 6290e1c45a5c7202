package dev.ferstream.training.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Training towards a teacher bundle's answers on some of the sources ({@code --distill}): each of their faces learns
 * from its label blended with the teacher's probabilities on it ({@link TeacherTargets}). A fine-tune uses it to keep
 * the serving model's behaviour on the replayed original faces while it adapts to new ones.
 *
 * @param teacher the teacher bundle, or null when off
 * @param weight  the teacher's share of each blended label, in (0, 1]
 * @param sources which --data sources (1-based, in command-line order) get the teacher's targets; empty = all
 */
public record Distillation(Path teacher, double weight, List<Integer> sources) {
    public static final Distillation NONE = new Distillation(null, 0, List.of());

    public Distillation {
        sources = List.copyOf(sources);
        if (teacher != null) {
            Settings.require(weight > 0 && weight <= 1, "--distill-weight must be in (0, 1], got " + weight);
            sources.forEach(s -> Settings.require(s >= 1, "--distill-data counts --data sources from 1, got " + s));
        } else {
            Settings.require(sources.isEmpty(), "--distill-data needs --distill BUNDLE");
        }
    }

    public boolean enabled() {
        return teacher != null;
    }

    /** As model.json records it, or null when off. */
    String description() {
        if (!enabled()) {
            return null;
        }
        String which = sources.isEmpty() ? "all" : sources.stream().map(String::valueOf).collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "teacher=%s weight=%s data=%s", teacher, weight, which);
    }
}
