package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelInput;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Valid model decisions continue to the broadcast; records that are not one go to {@link DeadLetters#TAG}. */
public final class RouteModels extends ProcessFunction<ModelInput, ModelChange> {
    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ModelInput in, Context ctx, Collector<ModelChange> out) {
        if (in.change() != null) {
            out.collect(in.change());
        } else {
            deadLetters.route(in.rejected(), ctx::output);
        }
    }
}
