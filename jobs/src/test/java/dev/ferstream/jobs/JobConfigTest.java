package dev.ferstream.jobs;

import dev.ferstream.jobs.config.DeliverySettings;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigTest {
    @Test
    void defaultsMatchTheIssue() {
        JobConfig c = JobConfig.defaultsWith(Map.of());
        assertEquals(Duration.ofMinutes(10), c.eventTime().windowSize());
        assertEquals(Duration.ofMinutes(1), c.eventTime().windowSlide());
        assertEquals(0.01, c.saliency().rate());
        assertEquals(19, c.saliency().nice());
        assertEquals(Duration.ofSeconds(30), c.saliency().maxLag());
        assertEquals(Delivery.EXACTLY_ONCE, c.delivery().guarantee());
        assertEquals("dead-letter", c.topics().deadLetter());
        assertTrue(c.delivery().transactionTimeout().compareTo(DeliverySettings.BROKER_MAX_TRANSACTION_TIMEOUT) < 0);
    }

    @Test
    void fileThenOverridesAndRoundTrip(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "window.size=2m\nwindow.slide=30s\nsink.delivery=at-least-once\ntopic.faces=cams\n"
                + "saliency.max-lag=1m\n");
        JobConfig c = JobConfig.parse(file, Map.of("window.slide", "1m", "batch.size", "32"));
        assertEquals(Duration.ofMinutes(2), c.eventTime().windowSize());
        assertEquals(Duration.ofMinutes(1), c.eventTime().windowSlide());
        assertEquals(Delivery.AT_LEAST_ONCE, c.delivery().guarantee());
        assertEquals("cams", c.topics().faces());
        assertEquals(32, c.batching().size());
        assertEquals(Duration.ofMinutes(1), c.saliency().maxLag());
        assertEquals(c, JobConfig.fromMap(c.toMap()));
    }

    @Test
    void ttaTakesTheEvaluateViewSetsAndTheOldBooleans() {
        assertEquals(TestTimeAugmentation.NONE, JobConfig.defaultsWith(Map.of()).model().tta());
        assertEquals(TestTimeAugmentation.SHIFTS, JobConfig.defaultsWith(Map.of("model.tta", "shifts")).model().tta());
        assertEquals(TestTimeAugmentation.MIRROR, JobConfig.defaultsWith(Map.of("model.tta", "Mirror")).model().tta());
        assertEquals(TestTimeAugmentation.MIRROR, JobConfig.defaultsWith(Map.of("model.tta", "true")).model().tta());
        assertEquals(TestTimeAugmentation.NONE, JobConfig.defaultsWith(Map.of("model.tta", "false")).model().tta());
        JobConfig shifts = JobConfig.defaultsWith(Map.of("model.tta", "shifts"));
        assertEquals("shifts", shifts.toMap().get("model.tta"));
        assertEquals(shifts, JobConfig.fromMap(shifts.toMap()));
        assertEquals("job config: model.tta = 'sideways' is not none, mirror or shifts", assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("model.tta", "sideways"))).getMessage());
    }

    @Test
    void clearErrors() {
        assertEquals("unknown job config key(s) [windw.size]; known: " + JobConfig.KEYS,
                assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of("windw.size", "1m"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("sink.transaction-timeout", "1h"))).getMessage().contains("below the broker"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("window.slide", "20m"))).getMessage().contains("must not exceed"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("window.size", "ten"))).getMessage().contains("window.size = 'ten'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("topic.saliency", "faces"))).getMessage().contains("distinct"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("saliency.nice", "20"))).getMessage()
                .contains("saliency.nice must be in [0,19], got 20"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("saliency.max-lag", "0s"))).getMessage()
                .contains("saliency.max-lag must be positive"));
    }
}
