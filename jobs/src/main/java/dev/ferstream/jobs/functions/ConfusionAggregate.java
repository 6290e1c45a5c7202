package dev.ferstream.jobs.functions;

import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.events.MatchedPair;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Incremental 7x7 counts (row-major long[49], row = true label) for the sliding windows: each pair costs one
 * increment, and panes merge by addition, so a 10 min / 1 min window keeps 49 longs per pane, not the pairs.
 */
public final class ConfusionAggregate implements AggregateFunction<MatchedPair, long[], long[]> {
    @Override
    public long[] createAccumulator() {
        return new long[ConfusionMatrix.N * ConfusionMatrix.N];
    }

    @Override
    public long[] add(MatchedPair pair, long[] counts) {
        counts[pair.actual() * ConfusionMatrix.N + pair.predicted()]++;
        return counts;
    }

    @Override
    public long[] getResult(long[] counts) {
        return counts;
    }

    @Override
    public long[] merge(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }
}
