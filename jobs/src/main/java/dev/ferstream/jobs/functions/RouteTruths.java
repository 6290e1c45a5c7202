package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.TruthEvent;
import dev.ferstream.jobs.events.TruthInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Valid ground truth continues; rejected records go to the {@link DeadLetters#TAG} side output and are counted. */
public final class RouteTruths extends ProcessFunction<TruthInput, TruthEvent> {
    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(TruthInput in, Context ctx, Collector<TruthEvent> out) {
        if (in.truth() != null) {
            out.collect(in.truth());
        } else {
            deadLetters.route(in.rejected(), ctx::output);
        }
    }
}
