package dev.ferstream.jobs.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Gives the calling thread a lower CPU priority (Linux nice; 19, the lowest, for model loads), so a model load or a
 * saliency map runs on the CPU that classification leaves idle instead of taking its share from the faces.
 *
 * <p>Why: a TaskManager on a small machine loads the new version in every classifier and saliency subtask at once
 * (fetch, SHA-256, unzip, compile, warm-up: seconds of CPU each) while the old version keeps serving. At equal
 * priority the loads took half the cores and the faces queued behind them (bench/stream/swap.sh measured p99 6x the
 * steady state during a swap). At nice 19 the scheduler gives them what is idle, and serving keeps its latency; the
 * load only takes longer, which nobody waits on.
 *
 * <p>Java has no call for this, and Java thread priorities do nothing on Linux without root; Linux applies nice to a
 * single thread when given its thread id, which {@code /proc/thread-self} names. So this runs {@code renice} on that
 * id. Where either is missing (another OS, a minimal image), the thread keeps its priority: slower serving during a
 * load, never a failed load.
 */
public final class BackgroundPriority {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int LOWEST = 19;

    private BackgroundPriority() {
    }

    /** The lowest priority (nice 19), for model loads. */
    static void lowerCurrentThread() {
        lowerCurrentThread(LOWEST);
    }

    /**
     * Lowers the calling thread's priority to {@code nice} (1-19; 0 leaves it alone); logs at DEBUG and returns when
     * the system does not allow it.
     */
    public static void lowerCurrentThread(int nice) {
        if (nice <= 0) {
            return;
        }
        try {
            // "/proc/thread-self" -> "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(Math.min(nice, LOWEST)), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroyForcibly();
                LOG.debug("renice of thread {} did not succeed; it runs at normal priority", tid);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot lower the thread's priority ({}); it runs at normal priority", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
