package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.model.inference.ModelRunner;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Micro-batching classifier: buffers up to {@code batch.size} faces or {@code batch.timeout} (processing time, from the
 * first buffered face) and classifies them in one forward pass, which amortises the per-call overhead of DL4J.
 *
 * <p>An operator rather than a function because it must hook into three lifecycle points a function cannot see:
 * <ul>
 *   <li>{@link #prepareSnapshotPreBarrier}: the buffer is flushed before the checkpoint barrier, so buffered faces are
 *       never lost on recovery and no operator state is needed;</li>
 *   <li>{@link #processWatermark}: a watermark that arrives while faces are buffered is held back until they are
 *       emitted, so the predictions are never late downstream;</li>
 *   <li>{@link #finish}: the last partial batch is flushed at end of input.</li>
 * </ul>
 * Each output keeps its face's timestamp.
 */
public final class BatchClassifyOperator extends AbstractStreamOperator<Classified>
        implements OneInputStreamOperator<FaceEvent, Classified> {
    private final ModelSettings model;
    private final int maxBatch;
    private final long timeoutMs;

    private transient ModelRunner runner;
    private transient ClassifierMetrics metrics;
    private transient List<FaceEvent> faces;
    private transient List<Long> timestamps;
    private transient Watermark heldWatermark;
    /** Incremented on every flush so a timer registered for an earlier batch does nothing. */
    private transient long batchGeneration;

    public BatchClassifyOperator(ModelSettings model, BatchingSettings batching) {
        this.model = model;
        this.maxBatch = batching.size();
        this.timeoutMs = Math.max(1, batching.timeout().toMillis());
    }

    @Override
    public void open() throws Exception {
        super.open();
        int threads = model.threadsFor(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        runner = ModelRunner.load(model.path(), threads, model.tta(), maxBatch);
        metrics = new ClassifierMetrics(getMetricGroup());
        faces = new ArrayList<>(maxBatch);
        timestamps = new ArrayList<>(maxBatch);
    }

    @Override
    public void processElement(StreamRecord<FaceEvent> element) throws Exception {
        if (faces.isEmpty()) {
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
            long start = System.nanoTime();
            List<Classified> out = FaceClassification.classify(runner, faces);
            metrics.record(out, System.nanoTime() - start);
            for (int i = 0; i < out.size(); i++) {
                long ts = timestamps.get(i);
                output.collect(ts == Long.MIN_VALUE ? new StreamRecord<>(out.get(i)) : new StreamRecord<>(out.get(i), ts));
            }
            faces.clear();
            timestamps.clear();
        }
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }
}
