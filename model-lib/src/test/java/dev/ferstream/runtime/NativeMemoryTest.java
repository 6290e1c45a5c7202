package dev.ferstream.runtime;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {
    private static final int CHUNK = 64 * 1024; // below glibc's smallest mmap threshold: served from an arena
    private static final int CHUNKS = 4096;

    @Test
    void mallocTrimIsFoundOnThisPlatform() {
        // CI and the training machines run glibc; losing the call would let long runs keep their freed memory
        assertTrue(NativeMemory.canTrim(), "glibc's malloc_trim was not found");
        assertTrue(NativeMemory.residentBytes() > 0, "VmRSS from /proc/self/status");
    }

    @Test
    void trimReturnsFreedArenaMemoryHeldBetweenLiveChunks() {
        // every other chunk stays live, so the freed ones cannot merge into the top of the heap and free() keeps them
        List<Pointer> live = new ArrayList<>();
        List<Pointer> freed = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            Pointer chunk = Pointer.malloc(CHUNK);
            Pointer.memset(chunk, 1, CHUNK); // touch every page so it counts in RSS
            (i % 2 == 0 ? live : freed).add(chunk);
        }
        try {
            freed.forEach(Pointer::free);
            NativeMemory.Release release = NativeMemory.trim().orElseThrow();
            long released = release.residentBytesBefore() - release.residentBytesAfter();
            long freedBytes = (long) CHUNK * CHUNKS / 2;
            assertTrue(released > freedBytes / 2, "released " + released + " of " + freedBytes + " freed bytes: " + release.describe());
        } finally {
            live.forEach(Pointer::free);
        }
    }

    @Test
    void collectAndTrimFreesTheBuffersOfUnreachableArrays() {
        long arrayBytes = 32L << 20;
        long base = NativeMemory.residentBytes();
        List<INDArray> arrays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            arrays.add(Nd4j.create(DataType.FLOAT, arrayBytes / 4).assign(1)); // assign touches every page
        }
        long withArrays = NativeMemory.residentBytes();
        assertTrue(withArrays - base > 4 * arrayBytes, "the arrays did not show in RSS: " + base + " -> " + withArrays);
        arrays.clear(); // unreachable now, but ND4J frees their buffers only once they are collected

        NativeMemory.Release release = NativeMemory.collectAndTrim();
        assertTrue(withArrays - release.residentBytesAfter() > 4 * arrayBytes, "released too little: " + release.describe());
    }
}
