package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.Rejected;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Valid faces continue; rejected records go to the {@link DeadLetters#TAG} side output and are counted. */
public final class RouteFaces extends ProcessFunction<FaceInput, FaceEvent> {
    private transient DeadLetters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(FaceInput in, Context ctx, Collector<FaceEvent> out) {
        if (in.face() != null) {
            out.collect(in.face());
        } else {
            deadLetters.route(in.rejected(), ctx::output);
        }
    }

    /** The side output of rejected faces. */
    public static OutputTag<Rejected> rejected() {
        return DeadLetters.TAG;
    }
}
