package dev.ferstream.training.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Wall-clock seconds per part of the analysis, kept in order for the report and the console. */
public final class PartTimings {
    /** One timed part. */
    public record Part(String name, double seconds) {
    }

    private final List<Part> parts = new ArrayList<>();

    public <T> T time(String name, Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        parts.add(new Part(name, seconds));
        System.err.printf(Locale.ROOT, "analyze: %-34s %7.1f s%n", name, seconds);
        return result;
    }

    public void time(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    public List<Part> parts() {
        return List.copyOf(parts);
    }

    public double total() {
        return parts.stream().mapToDouble(Part::seconds).sum();
    }
}
