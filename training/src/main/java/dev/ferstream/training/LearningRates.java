package dev.ferstream.training;

import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Parses learning-rate schedule names into DL4J per-epoch schedules. */
final class LearningRates {
    private LearningRates() {
    }

    /**
     * @param spec "constant", "cosine" (from lr to lr/100 over the run) or "step:EVERY:GAMMA"
     */
    static ISchedule parse(String spec, double lr, int epochs) {
        String s = spec.toLowerCase(Locale.ROOT).trim();
        if (s.equals("constant")) {
            return new FixedSchedule(lr);
        }
        if (s.equals("cosine")) {
            Map<Integer, Double> values = new HashMap<>();
            double floor = lr / 100;
            for (int e = 0; e < epochs; e++) {
                values.put(e, floor + (lr - floor) * 0.5 * (1 + Math.cos(Math.PI * e / Math.max(1, epochs - 1))));
            }
            return new MapSchedule(ScheduleType.EPOCH, values);
        }
        if (s.startsWith("step:")) {
            String[] parts = s.split(":");
            try {
                if (parts.length == 3) {
                    return new StepSchedule(ScheduleType.EPOCH, lr, Double.parseDouble(parts[2]), Integer.parseInt(parts[1]));
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + spec
                + "'; use constant, cosine or step:EVERY:GAMMA (e.g. step:10:0.5)");
    }
}
