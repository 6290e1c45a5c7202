package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.lifecycle.LoadedModel;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelLoader;
import dev.ferstream.jobs.lifecycle.ServingModels;
import dev.ferstream.model.inference.ModelRunner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * The classifier: faces in (input 1), model decisions in (input 2, broadcast), predictions of the champion out, and
 * the challenger's predictions of the same faces to {@link #SHADOW}. Faces are classified in micro-batches of up to
 * {@code batch.size} or {@code batch.timeout} (processing time, from the first buffered face); with batching off the
 * batch is one face, classified as it arrives. A model swap takes effect at the start of a batch.
 *
 * <p>An operator rather than a function because it hooks into lifecycle points a function cannot see:
 * <ul>
 *   <li>{@link #prepareSnapshotPreBarrier}: the buffer is flushed before the checkpoint barrier, so buffered faces are
 *       never lost on recovery and no operator state is needed for them;</li>
 *   <li>{@link #processWatermark}: a watermark that arrives while faces are buffered is held back until they are
 *       emitted, so the predictions are never late downstream;</li>
 *   <li>{@link #finish}: the last partial batch is flushed at end of input.</li>
 * </ul>
 * Each output keeps its face's timestamp.
 */
public final class ClassifyOperator extends ModelServingOperator<FaceEvent, Classified, ModelRunner> {
    /** Predictions of the challenger (never on the predictions topic). */
    public static final OutputTag<PredictionEvent> SHADOW = new OutputTag<>("shadow-predictions",
            TypeInformation.of(PredictionEvent.class));

    private final ModelSettings model;
    private final int maxBatch;
    private final long timeoutMs;
    private final ShadowSelection shadow;

    private transient ClassifierMetrics metrics;
    private transient ClassifierMetrics shadowMetrics;
    private transient List<FaceEvent> faces;
    private transient List<Long> timestamps;
    private transient Watermark heldWatermark;
    /** Incremented on every flush so a timer registered for an earlier batch does nothing. */
    private transient long batchGeneration;

    public ClassifyOperator(ModelSettings model, BatchingSettings batching, ModelAssignment start, ShadowSelection shadow) {
        super(start, "classify");
        this.model = model;
        this.maxBatch = batching.batched() ? batching.size() : 1;
        this.timeoutMs = Math.max(1, batching.timeout().toMillis());
        this.shadow = shadow;
    }

    @Override
    protected boolean scoresChallenger() {
        return true;
    }

    @Override
    protected int nativeThreads() {
        return model.threadsFor(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    protected ModelLoader.Opener<ModelRunner> opener(int threads) {
        int batch = maxBatch;
        return dir -> ModelRunner.load(dir.toString(), threads, model.tta(), batch, model.engine());
    }

    @Override
    public void open() throws Exception {
        metrics = new ClassifierMetrics(getMetricGroup());
        shadowMetrics = new ClassifierMetrics(getMetricGroup().addGroup("shadow"));
        faces = new ArrayList<>(maxBatch);
        timestamps = new ArrayList<>(maxBatch);
        super.open();
    }

    @Override
    public void processElement1(StreamRecord<FaceEvent> element) throws Exception {
        if (faces.isEmpty() && maxBatch > 1) {
            long generation = batchGeneration;
            getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + timeoutMs,
                    time -> {
                        if (generation == batchGeneration) {
                            flush();
                        }
                    });
        }
        faces.add(element.getValue());
        timestamps.add(element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
        if (faces.size() >= maxBatch) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (faces.isEmpty()) {
            super.processWatermark(mark);
        } else {
            heldWatermark = mark;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() throws Exception {
        batchGeneration++;
        if (!faces.isEmpty()) {
            ServingModels<ModelRunner> serving = models();
            long start = System.nanoTime();
            List<Classified> out = FaceClassification.classify(serving.champion(), faces);
            metrics.record(out, System.nanoTime() - start);
            for (int i = 0; i < out.size(); i++) {
                output.collect(record(out.get(i), timestamps.get(i)));
            }
            shadowScore(serving.challenger());
            faces.clear();
            timestamps.clear();
        }
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    /** The challenger scores the selected faces of the same batch; its answers go to the shadow output only. */
    private void shadowScore(LoadedModel<ModelRunner> challenger) {
        if (challenger == null) {
            return;
        }
        List<FaceEvent> chosen = new ArrayList<>(faces.size());
        List<Long> times = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            if (shadow.includes(faces.get(i).id())) {
                chosen.add(faces.get(i));
                times.add(timestamps.get(i));
            }
        }
        if (chosen.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Classified> out = FaceClassification.classify(challenger, chosen);
        shadowMetrics.record(out, System.nanoTime() - start);
        for (int i = 0; i < out.size(); i++) {
            long ts = times.get(i);
            PredictionEvent p = out.get(i).prediction();
            output.collect(SHADOW, ts == Long.MIN_VALUE ? new StreamRecord<>(p) : new StreamRecord<>(p, ts));
        }
    }

    private static StreamRecord<Classified> record(Classified c, long ts) {
        return ts == Long.MIN_VALUE ? new StreamRecord<>(c) : new StreamRecord<>(c, ts);
    }
}
