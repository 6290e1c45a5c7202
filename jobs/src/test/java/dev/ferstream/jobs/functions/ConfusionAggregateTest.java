package dev.ferstream.jobs.functions;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.events.MatchedPair;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfusionAggregateTest {
    @Test
    void countsRowsByTrueLabelAndMergesPanes() {
        ConfusionAggregate agg = new ConfusionAggregate();
        long[] a = agg.createAccumulator();
        agg.add(new MatchedPair("1", 3, 3, "v", 0, 0), a);
        agg.add(new MatchedPair("2", 3, 4, "v", 0, 0), a);
        long[] b = agg.createAccumulator();
        agg.add(new MatchedPair("3", 0, 6, "v", 0, 0), b);
        ConfusionMatrix m = ConfusionMatrix.of(agg.getResult(agg.merge(a, b)));
        assertEquals(3, m.total());
        assertEquals(1, m.count(3, 3));
        assertEquals(1, m.count(3, 4));
        assertEquals(1, m.count(0, 6));
        assertEquals(0.5, m.recall(3), 1e-12);
    }
}
