package dev.ferstream.jobs.functions;

import dev.ferstream.avro.SaliencyReason;
import dev.ferstream.jobs.config.SaliencySettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.PredictionEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;

/**
 * Passes every prediction on and selects faces to explain into the {@link #TAG} side output: always when the top
 * probability is below the threshold (the cases a human wants to look at), otherwise a fraction {@code rate} chosen
 * by a hash of the id. Hashing instead of a random draw makes the sample reproducible: a replay after a failure or
 * a second run over the same faces explains the same faces.
 */
public final class SaliencySampler extends ProcessFunction<Classified, PredictionEvent> {
    public static final OutputTag<ExplainRequest> TAG = new OutputTag<>("explain") {
    };

    private final double rate;
    private final double threshold;

    public SaliencySampler(SaliencySettings settings) {
        this.rate = settings.rate();
        this.threshold = settings.threshold();
    }

    @Override
    public void processElement(Classified in, Context ctx, Collector<PredictionEvent> out) {
        PredictionEvent p = in.prediction();
        out.collect(p);
        SaliencyReason reason = reason(p.id(), p.topProbability());
        if (reason != null) {
            ctx.output(TAG, new ExplainRequest(p.id(), p.eventTime(), p.label(), p.topProbability(), in.pixels(),
                    p.modelVersion(), reason, p.processedAt()));
        }
    }

    /** Why this face is explained, or null when it is not. */
    public SaliencyReason reason(String id, float topProbability) {
        if (topProbability < threshold) {
            return SaliencyReason.LOW_CONFIDENCE;
        }
        return sampled(id, rate) ? SaliencyReason.SAMPLED : null;
    }

    /** Deterministic Bernoulli(rate) draw from the id: FNV-1a 64-bit, top 53 bits as a uniform [0,1). */
    static boolean sampled(String id, double rate) {
        if (rate <= 0) {
            return false;
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33; // FNV's low bits mix poorly; fold the high bits in
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 < rate;
    }
}
