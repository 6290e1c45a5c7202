package dev.ferstream.jobs.demo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo's sustained throughput leaves out a slow start and a slow drain. */
class SustainedRateTest {
    @Test
    void theMiddleEightyPercentSetTheRate() {
        List<Long> processed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            processed.add(5_000L * i / 10); // a slow start: 10 faces over 5 s
        }
        for (int i = 0; i < 80; i++) {
            processed.add(5_000L + 10L * i); // then 100 faces/s
        }
        for (int i = 0; i < 10; i++) {
            processed.add(6_000L + 500L * i); // a slow drain
        }
        java.util.Collections.shuffle(processed, new java.util.Random(1));
        // indices 10..89 of the sorted times: 79 gaps of 10 ms
        assertEquals(100.0, OutputWatcher.sustainedRate(processed), 1e-9);
        assertEquals(0.0, OutputWatcher.sustainedRate(List.of(1L, 2L, 3L)), "too few predictions to tell");
    }
}
