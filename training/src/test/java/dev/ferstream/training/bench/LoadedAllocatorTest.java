package dev.ferstream.training.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadedAllocatorTest {
    @TempDir
    Path dir;

    @Test
    void namesThePreloadedJemallocFromTheMemoryMap() throws Exception {
        Path maps = Files.writeString(dir.resolve("maps"), String.join("\n",
                "55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 123 /usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                "7f3a40000000-7f3a40021000 rw-p 00000000 00:00 0 ",
                "7f3a41000000-7f3a41010000 r-xp 00000000 08:01 456 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
                "7f3a42000000-7f3a42010000 r-xp 00000000 08:01 789 /usr/lib/x86_64-linux-gnu/libc.so.6", ""));
        assertEquals("jemalloc (/usr/lib/x86_64-linux-gnu/libjemalloc.so.2)", LoadedAllocator.describe(maps));
    }

    @Test
    void glibcWhenNoOtherAllocatorIsMapped() throws Exception {
        Path maps = Files.writeString(dir.resolve("maps"),
                "7f3a42000000-7f3a42010000 r-xp 00000000 08:01 789 /usr/lib/x86_64-linux-gnu/libc.so.6\n[vdso]\n");
        assertEquals("glibc", LoadedAllocator.describe(maps));
        assertEquals("", LoadedAllocator.mappedAllocator("7f3a-7f3b r-xp 0 08:01 1 /opt/libjemalloc-notes/readme.txt"));
    }

    @Test
    void anUnreadableMapSaysSoInsteadOfGuessing() {
        String described = LoadedAllocator.describe(dir.resolve("no-such-maps"));
        assertTrue(described.startsWith("unknown (" + dir.resolve("no-such-maps") + " unreadable"), described);
    }

    @Test
    void thisJvmsOwnMapIsRead() {
        String described = LoadedAllocator.describe();
        assertTrue(described.equals("glibc") || described.startsWith("jemalloc (") || described.startsWith("tcmalloc (")
                || described.startsWith("mimalloc ("), described);
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");
        assertEquals(preload.contains("libjemalloc"), described.startsWith("jemalloc ("), "LD_PRELOAD=" + preload + " but " + described);
    }
}
