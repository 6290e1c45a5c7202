package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.lifecycle.LifecycleMetrics;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelLoader;
import dev.ferstream.jobs.lifecycle.ServingModels;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * An operator that serves a model which the models topic can change while it runs: input 1 is the work (faces,
 * explain requests), input 2 the broadcast decisions. The assignment lives in broadcast state, so a restored job
 * loads what it served before; loads run off the task thread ({@link ServingModels}) and are swapped in by
 * {@link #models()} between two elements, or by a timer every 200 ms when no element comes.
 *
 * <p>Event time comes from input 1 only: the models topic carries no event time, and letting its (absent)
 * watermark into the minimum would stop every window downstream.
 *
 * @param <IN>  work elements
 * @param <OUT> results
 * @param <T>   what the subclass serves with (a classifier runner, a saliency provider)
 */
public abstract class ModelServingOperator<IN, OUT, T> extends AbstractStreamOperator<OUT>
        implements TwoInputStreamOperator<IN, ModelChange, OUT> {
    /** The one broadcast state entry: the current assignment. */
    public static final MapStateDescriptor<String, ModelAssignment> STATE = new MapStateDescriptor<>(
            "model-assignment", Types.STRING, TypeInformation.of(ModelAssignment.class));
    /** Side output of what each subtask did with each version (to the model-events topic). */
    public static final OutputTag<ModelStatusEvent> EVENTS = new OutputTag<>("model-events",
            TypeInformation.of(ModelStatusEvent.class));
    private static final String KEY = "assignment";
    private static final long POLL_MS = 200;

    private final ModelAssignment startAssignment;
    private final String operatorName;
    private transient BroadcastState<String, ModelAssignment> state;
    private transient ServingModels<T> serving;

    protected ModelServingOperator(ModelAssignment start, String operatorName) {
        this.startAssignment = start;
        this.operatorName = operatorName;
    }

    /** How a verified local bundle becomes what this operator serves with (runs on the loader thread). */
    protected abstract ModelLoader.Opener<T> opener(int nativeThreads);

    protected abstract int nativeThreads();

    /** Whether this operator uses the challenger; one that does not never loads it. */
    protected abstract boolean scoresChallenger();

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getBroadcastState(STATE);
    }

    @Override
    public void open() throws Exception {
        super.open();
        // input 2 (models) counts as idle forever: the combined watermark and idleness are input 1's alone
        combinedWatermark.updateStatus(1, true);
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ModelAssignment restored = state.get(KEY);
        ModelAssignment assignment = restored != null ? restored : startAssignment;
        state.put(KEY, assignment);
        serving = new ServingModels<>(new ModelLoader<>(opener(nativeThreads()), operatorName + "-" + subtask),
                operatorName, subtask, new LifecycleMetrics(getMetricGroup()), scoresChallenger());
        serving.start(assignment);
        emitEvents();
        // finished loads are also swapped in when no element comes: a quiet stream still reports its rejections
        getProcessingTimeService().scheduleWithFixedDelay(time -> emitEvents(), POLL_MS, POLL_MS);
    }

    @Override
    public void processElement2(StreamRecord<ModelChange> element) throws Exception {
        ModelAssignment next = state.get(KEY).apply(element.getValue());
        state.put(KEY, next);
        serving.assign(next);
        emitEvents();
    }

    /** The models to use for the next element or batch, with any finished load swapped in first. */
    protected ServingModels<T> models() {
        emitEvents();
        return serving;
    }

    private void emitEvents() {
        for (ModelStatusEvent e : serving.poll()) {
            output.collect(EVENTS, new StreamRecord<>(e));
        }
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // the models topic has no event time: see the class comment
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int inputIndex) throws Exception {
        if (inputIndex == 0) {
            super.processWatermarkStatus(status, inputIndex);
        }
    }

    @Override
    public void close() throws Exception {
        if (serving != null) {
            serving.close();
        }
        super.close();
    }
}
