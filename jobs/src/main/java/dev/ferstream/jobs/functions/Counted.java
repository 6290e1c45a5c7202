package dev.ferstream.jobs.functions;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * A metric counter and an accumulator, updated together: the metric for dashboards while the job runs, the
 * accumulator for a bounded run's exact total in its {@code JobExecutionResult} (the demo's summary reads them).
 */
final class Counted {
    private final Counter counter;
    private final LongCounter accumulator = new LongCounter();

    /** Registers both on {@code context}: the metric as {@code name}, the accumulator as {@code accumulatorName}. */
    Counted(RuntimeContext context, String name, String accumulatorName) {
        counter = context.getMetricGroup().counter(name);
        context.addAccumulator(accumulatorName, accumulator);
    }

    void inc() {
        counter.inc();
        accumulator.add(1);
    }
}
