package dev.ferstream.training.engine;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.schedule.ISchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Learning-rate schedules per epoch (0-based epoch index), with and without weight averaging. */
class LearningRatesTest {
    @Test
    void cosineRunsFromTheRateToAHundredthOfIt() {
        ISchedule cosine = LearningRates.parse("cosine", 0.05, 11);
        assertEquals(0.05, cosine.valueAt(0, 0), 1e-12);
        assertEquals(0.0005 + 0.0495 * 0.5, cosine.valueAt(0, 5), 1e-12);
        assertEquals(0.0005, cosine.valueAt(0, 10), 1e-12);
    }

    @Test
    void withAveragingTheCosineEndsAtTheAveragingRateAndStaysThere() {
        WeightAveraging swa = new WeightAveraging(6, 0.01);
        ISchedule schedule = LearningRates.parse("cosine", 0.05, 10, swa);
        assertEquals(0.05, schedule.valueAt(0, 0), 1e-12);
        assertEquals(0.01 + 0.04 * 0.5, schedule.valueAt(0, 2), 1e-12, "the middle of the 5 epochs before averaging");
        for (int e = 4; e < 10; e++) {
            assertEquals(0.01, schedule.valueAt(0, e), 1e-12, "epoch index " + e);
        }
        assertTrue(schedule.valueAt(0, 3) > 0.01);
    }

    @Test
    void withAveragingOtherSchedulesRunUnchangedUntilItStarts() {
        WeightAveraging swa = new WeightAveraging(4, 0.002);
        ISchedule constant = LearningRates.parse("constant", 0.001, 6, swa);
        assertEquals(0.001, constant.valueAt(0, 2), 1e-12);
        assertEquals(0.002, constant.valueAt(0, 3), 1e-12);
        ISchedule step = LearningRates.parse("step:1:0.5", 0.1, 6, swa);
        assertEquals(0.05, step.valueAt(0, 1), 1e-12);
        assertEquals(0.025, step.valueAt(0, 2), 1e-12);
        assertEquals(0.002, step.valueAt(0, 5), 1e-12);
        ISchedule none = LearningRates.parse("constant", 0.001, 6, WeightAveraging.NONE);
        assertEquals(0.001, none.valueAt(0, 5), 1e-12);
    }

    @Test
    void badSettingsNameTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WeightAveraging(-1, 0.01)).getMessage().contains("--swa-from"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WeightAveraging(3, 0)).getMessage().contains("--swa-lr"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LearningRates.parse("linear", 0.1, 3)).getMessage()
                .contains("unknown learning-rate schedule 'linear'"));
    }
}
