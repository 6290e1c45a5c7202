package dev.ferstream.jobs.functions;

import dev.ferstream.avro.SaliencyReason;
import dev.ferstream.jobs.config.SaliencySettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.PredictionEvent;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaliencySamplerTest {
    private static Classified classified(String id, float top) {
        float[] p = new float[7];
        p[2] = top;
        return new Classified(new PredictionEvent(id, 2, p, "tiny", "v1", 10, 20), new byte[2304]);
    }

    @Test
    void everyPredictionPassesAndLowConfidenceAlwaysGetsAMap() throws Exception {
        try (OneInputStreamOperatorTestHarness<Classified, PredictionEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(sampler(0.0, 0.3))) {
            h.processElement(classified("sure", 0.9f), 10);
            h.processElement(classified("unsure", 0.25f), 11);
            assertEquals(List.of("sure", "unsure"), h.extractOutputValues().stream().map(PredictionEvent::id).toList());
            List<ExplainRequest> explained = h.getSideOutput(SaliencySampler.TAG).stream().map(StreamRecord::getValue).toList();
            assertEquals(1, explained.size());
            assertEquals("unsure", explained.get(0).id());
            assertEquals(SaliencyReason.LOW_CONFIDENCE, explained.get(0).reason());
            assertEquals(2, explained.get(0).label());
        }
    }

    @Test
    void samplingIsDeterministicAndNearTheRate() {
        SaliencySampler sampler = sampler(0.01, 0.0);
        long sampled = IntStream.range(0, 100_000).filter(i -> sampler.reason("face-" + i, 0.99f) != null).count();
        assertTrue(sampled > 850 && sampled < 1150, "1% of 100,000 ids, got " + sampled);
        assertEquals(sampler.reason("face-42", 0.99f), sampler(0.01, 0.0).reason("face-42", 0.99f));
        assertNull(sampler(0.0, 0.0).reason("face-42", 0.99f));
        assertEquals(SaliencyReason.SAMPLED, sampler(1.0, 0.0).reason("face-42", 0.99f));
    }

    private static SaliencySampler sampler(double rate, double threshold) {
        return new SaliencySampler(new SaliencySettings(rate, threshold, "gradient"));
    }
}
