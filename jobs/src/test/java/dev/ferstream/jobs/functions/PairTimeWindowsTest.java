package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.MatchedPair;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PairTimeWindowsTest {
    private final PairTimeWindows windows = new PairTimeWindows(Duration.ofSeconds(60), Duration.ofSeconds(30));

    private Set<TimeWindow> assigned(MatchedPair pair, long recordTimestamp) {
        return Set.copyOf(windows.assignWindows(pair, recordTimestamp, null));
    }

    @Test
    void aPairLandsInTheSameWindowsWhicheverSideCompletedIt() {
        MatchedPair pair = new MatchedPair("f1", 3, 3, "v1", 59_500, 61_500); // face before a boundary, label after
        Set<TimeWindow> labelLast = assigned(pair, 61_500);   // the label completed the pair
        Set<TimeWindow> faceLast = assigned(pair, 59_500);    // the prediction completed it (labels ran ahead)
        assertEquals(Set.of(new TimeWindow(30_000, 90_000), new TimeWindow(60_000, 120_000)), labelLast);
        assertEquals(labelLast, faceLast);
        assertEquals(61_500, PairTimeWindows.pairTime(pair));
    }

    @Test
    void neverEarlierThanTheRecordThatCompletedThePair() {
        MatchedPair pair = new MatchedPair("f2", 1, 2, "v1", 10_000, 12_000);
        assertEquals(Set.of(new TimeWindow(30_000, 90_000), new TimeWindow(60_000, 120_000)), assigned(pair, 65_000));
    }
}
