package dev.ferstream.training.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which malloc this process really runs on, read from its own memory map rather than from the launcher's intent:
 * a benchmark figure means little without it (glibc's allocator cost fer-vgg training ~20% here, see
 * docs/performance.md), and {@code LD_PRELOAD} can name a library that failed to load.
 */
public final class LoadedAllocator {
    private static final List<String> KNOWN = List.of("jemalloc", "tcmalloc", "mimalloc");

    private LoadedAllocator() {
    }

    /** "jemalloc (/usr/lib/.../libjemalloc.so.2)" and the like, or "glibc" when no other allocator is mapped. */
    public static String describe() {
        return describe(Path.of("/proc/self/maps"));
    }

    /** As {@link #describe()}, for the memory map of any process; "unknown (...)" when the map cannot be read. */
    public static String describe(Path maps) {
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(LoadedAllocator::mappedAllocator)
                    .filter(s -> !s.isEmpty())
                    .findFirst()
                    .orElse("glibc");
        } catch (IOException | UncheckedIOException e) {
            return "unknown (" + maps + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** "name (path)" when this /proc/PID/maps line maps a known allocator's library, else "". */
    static String mappedAllocator(String mapsLine) {
        int slash = mapsLine.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String path = mapsLine.substring(slash).trim();
        String file = path.substring(path.lastIndexOf('/') + 1);
        return KNOWN.stream().filter(name -> file.startsWith("lib" + name))
                .map(name -> name + " (" + path + ")")
                .findFirst().orElse("");
    }
}
