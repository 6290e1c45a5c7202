package dev.ferstream.jobs.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Loads run on a thread that takes only idle CPU, and the start model still loads on the caller's own thread. */
public class ModelLoaderTest {
    @TempDir
    Path dir;

    /** The calling thread's nice value: field 19 of /proc/thread-self/stat (after the command name in brackets). */
    public static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void backgroundLoadsRunAtTheLowestPriorityAndTheStartModelDoesNot() {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")));
        ModelRef local = new ModelRef("tiny", "v1", dir.toString(), null);
        try (ModelLoader<Integer> loader = new ModelLoader<>(bundle -> niceOfThisThread(), "test")) {
            int callerNice = niceOfThisThread();
            assertEquals(19, loader.load(local).join().model(), "the loader thread runs at nice 19");
            assertEquals(callerNice, loader.loadNow(local).model(), "loadNow runs on the caller's thread, unchanged");
            assertEquals(callerNice, niceOfThisThread(), "the caller's priority is untouched");
        }
    }
}
