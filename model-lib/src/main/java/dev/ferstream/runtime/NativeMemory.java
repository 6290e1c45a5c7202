package dev.ferstream.runtime;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Hands native memory that ND4J has freed back to the operating system.
 *
 * <p>Why: ND4J's buffers below glibc's mmap threshold (16 MB under the launcher) come from malloc arenas, and
 * freed ones stay resident in the arenas' 64 MB heaps, which glibc shrinks only from their top. Each epoch's end
 * (BatchNorm recalibration, bundle and checkpoint writes) left more of them behind: the fer-vgg run grew from 2.4 to
 * 4.5 GB RSS over ten epochs, and one {@code malloc_trim(0)} returned 1.1 GB of it. Arrays promoted to the old
 * generation hold their buffers until a full collection, which a 3 GB heap rarely needs: with the trim alone the
 * same run still grew by 0.3-0.4 GB an epoch, and a {@code System.gc()} before it took 4.0 GB back to 2.5 GB.
 * Where the C library has no {@code malloc_trim} (musl, macOS) only the collection happens.
 */
public final class NativeMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    /** glibc's malloc_trim, or null where the C library has none. */
    private static final Function MALLOC_TRIM = lookUpMallocTrim();
    /**
     * ND4J frees the buffers of collected arrays on its deallocator threads after the collection; 1.5 GB took
     * under a second. Buffers freed later are not lost: large ones go straight back to the OS, small ones at the
     * next trim.
     */
    private static final Duration DEALLOCATION_SETTLE = Duration.ofMillis(1000);

    private NativeMemory() {
    }

    /**
     * What one release of native memory did: resident set size before and after (-1 where unknown), by what means,
     * and how long it took.
     */
    public record Release(long residentBytesBefore, long residentBytesAfter, String how, Duration took) {
        /** A log line such as {@code RSS 4.48 GB -> 3.39 GB (malloc_trim, 0.21 s)}. */
        public String describe() {
            return String.format(Locale.ROOT, "RSS %s -> %s (%s, %.2f s)", gigabytes(residentBytesBefore),
                    gigabytes(residentBytesAfter), how, took.toNanos() / 1e9);
        }

        private static String gigabytes(long bytes) {
            return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
    }

    /** True when this process can return freed native memory to the OS (glibc's malloc_trim was found). */
    public static boolean canTrim() {
        return MALLOC_TRIM != null;
    }

    /** Returns the free pages of every malloc arena to the OS; empty where that is not possible. */
    public static Optional<Release> trim() {
        if (MALLOC_TRIM == null) {
            return Optional.empty();
        }
        long before = residentBytes();
        long start = System.nanoTime();
        mallocTrim();
        return Optional.of(new Release(before, residentBytes(), "malloc_trim", Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Collects garbage so that ND4J frees the buffers of dead arrays, waits for its deallocator threads, then trims:
     * for the end of a training epoch, where a full collection and a second's wait cost nothing next to the epoch.
     */
    public static Release collectAndTrim() {
        long before = residentBytes();
        long start = System.nanoTime();
        System.gc();
        try {
            Thread.sleep(DEALLOCATION_SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // trim what is free already and let the caller see the interrupt
        }
        if (MALLOC_TRIM != null) {
            mallocTrim();
        }
        return new Release(before, residentBytes(), MALLOC_TRIM != null ? "System.gc and malloc_trim" : "System.gc",
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static void mallocTrim() {
        MALLOC_TRIM.invokeInt(new Object[]{0L}); // pad 0: keep nothing spare at the top of each heap
    }

    /** This process's resident set size in bytes, from /proc/self/status; -1 where that is unavailable. */
    public static long residentBytes() {
        try {
            return Files.readAllLines(STATUS).stream().filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Function lookUpMallocTrim() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }
}
