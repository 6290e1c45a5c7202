package dev.ferstream.jobs.demo;

import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.data.Face;
import dev.ferstream.jobs.TinyModel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayPlanTest {
    @Test
    void scheduleEndOffsetsAndLateLabels() {
        List<Face> faces = IntStream.range(0, 10).mapToObj(i -> new Face("f" + i, TinyModel.face(i), i % 7, i + 1)).toList();
        ReplayPlan plan = ReplayPlan.of(faces, new ReplayPlan.Options("faces", "labels", 10, Duration.ofSeconds(2),
                0.3, Duration.ofSeconds(20), ImageEncoding.PNG, 2, 1), Instant.ofEpochMilli(1_000_000));
        assertEquals(10, plan.count(ReplayPlan.Kind.FACE));
        assertEquals(10, plan.count(ReplayPlan.Kind.LABEL) + plan.count(ReplayPlan.Kind.LATE_LABEL));
        assertEquals(1, plan.count(ReplayPlan.Kind.MALFORMED_FACE));
        assertEquals(Map.of(new TopicPartition("faces", 0), 6L, new TopicPartition("faces", 1), 5L), plan.endOffsets("faces"));
        long previous = -1;
        for (ReplayPlan.Send s : plan.sends()) {
            assertTrue(s.dueMillis() >= previous, "sends are in schedule order");
            previous = s.dueMillis();
            if (s.kind() == ReplayPlan.Kind.FACE) {
                int i = Integer.parseInt(s.key().substring(1));
                assertEquals(i * 100L, s.dueMillis(), "10 faces/s");
            }
            if (s.kind() == ReplayPlan.Kind.LATE_LABEL) {
                int i = Integer.parseInt(s.key().substring(1));
                assertEquals(i * 100L + 20_000, s.dueMillis(), "late labels are sent late, not only stamped late");
            }
        }
    }
}
