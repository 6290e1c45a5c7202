package dev.ferstream.jobs.kafka;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.DeadLetter;
import dev.ferstream.avro.ModelEvent;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.Prediction;
import dev.ferstream.avro.SaliencyMap;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.events.TruthEvent;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Internal events to the Avro records written to Kafka; derived numbers (accuracy, recall) are computed here once. */
public final class AvroConversions {
    private AvroConversions() {
    }

    public static Prediction prediction(PredictionEvent p) {
        return Prediction.newBuilder().setId(p.id()).setLabel(p.label()).setProbabilities(floats(p.probabilities()))
                .setModelName(p.modelName()).setModelVersion(p.modelVersion())
                .setEventTime(Instant.ofEpochMilli(p.eventTime())).setProcessedAt(Instant.ofEpochMilli(p.processedAt()))
                .build();
    }

    public static SaliencyMap saliency(SaliencyEvent s) {
        return SaliencyMap.newBuilder().setId(s.id()).setLabel(s.label()).setProbability(s.probability())
                .setMap(floats(s.map())).setMethod(s.method()).setReason(s.reason()).setModelVersion(s.modelVersion())
                .setEventTime(Instant.ofEpochMilli(s.eventTime())).build();
    }

    public static ConfusionWindow confusion(ConfusionCounts c) {
        ConfusionMatrix m = c.matrix();
        List<Long> counts = new ArrayList<>(c.counts().length);
        for (long v : c.counts()) {
            counts.add(v);
        }
        List<Double> recall = new ArrayList<>(ConfusionMatrix.N);
        List<Double> precision = new ArrayList<>(ConfusionMatrix.N);
        for (int k = 0; k < ConfusionMatrix.N; k++) {
            recall.add(m.recall(k));
            precision.add(m.precision(k));
        }
        return ConfusionWindow.newBuilder().setWindowStart(Instant.ofEpochMilli(c.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(c.windowEnd())).setModelVersion(c.modelVersion())
                .setCounts(counts).setTotal(m.total()).setAccuracy(m.accuracy())
                .setRecall(recall).setPrecision(precision).build();
    }

    public static DeadLetter deadLetter(Rejected r) {
        return DeadLetter.newBuilder().setSourceTopic(r.topic()).setPartition(r.partition()).setOffset(r.offset())
                .setRaw(r.raw() == null ? null : ByteBuffer.wrap(r.raw())).setReason(r.reason()).setError(r.error())
                .setFailedAt(Instant.ofEpochMilli(r.failedAt())).build();
    }

    public static GroundTruth truth(TruthEvent t) {
        return GroundTruth.newBuilder().setId(t.id()).setLabel(t.label()).setEventTime(Instant.ofEpochMilli(t.eventTime()))
                .build();
    }

    public static ModelEvent modelEvent(ModelStatusEvent e) {
        return ModelEvent.newBuilder().setName(e.name()).setVersion(e.version()).setOperator(e.operator())
                .setSubtask(e.subtask()).setStatus(e.status()).setReason(e.reason()).setLoadSeconds(e.loadSeconds())
                .setTime(Instant.ofEpochMilli(e.time())).build();
    }

    /** A decision of the job's own (the gate's); the architecture is not known there, so the model name stands in. */
    public static ModelUpdate modelUpdate(ModelChange c) {
        return ModelUpdate.newBuilder().setName(c.model().name()).setVersion(c.model().version()).setUri(c.model().uri())
                .setManifestSha256(c.model().manifestSha256()).setRole(c.role())
                .setDecidedAt(Instant.ofEpochMilli(c.decidedAt())).setDecidedBy(c.decidedBy())
                .setArchitecture(c.model().name()).build();
    }

    private static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
