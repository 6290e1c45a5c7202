package dev.ferstream.training.engine;

import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Parses learning-rate schedule names into DL4J per-epoch schedules. */
public final class LearningRates {
    private LearningRates() {
    }

    /**
     * @param spec "constant", "cosine" (from lr to lr/100 over the run) or "step:EVERY:GAMMA"
     */
    public static ISchedule parse(String spec, double lr, int epochs) {
        return parse(spec, lr, epochs, lr / 100);
    }

    /** As {@link #parse(String, double, int)}, a cosine ending at {@code cosineFloor} on the last of {@code epochs}. */
    private static ISchedule parse(String spec, double lr, int epochs, double cosineFloor) {
        String s = spec.toLowerCase(Locale.ROOT).trim();
        if (s.equals("constant")) {
            return new FixedSchedule(lr);
        }
        if (s.equals("cosine")) {
            return cosine(lr, cosineFloor, epochs);
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

    /**
     * The schedule with weight averaging: {@code spec} runs until the epoch before {@code swa.fromEpoch()}, then the
     * rate stays at {@code swa.learningRate()}. A cosine then descends to that rate (not to lr/100) over the epochs
     * before averaging starts, as in the SWA paper and the recipe study.
     */
    public static ISchedule parse(String spec, double lr, int epochs, WeightAveraging swa) {
        if (!swa.enabled()) {
            return parse(spec, lr, epochs);
        }
        int plain = swa.fromEpoch() - 1; // epochs (0-based indices 0..plain-1) trained before averaging starts
        ISchedule before = parse(spec, lr, plain, swa.learningRate());
        Map<Integer, Double> values = new HashMap<>();
        for (int e = 0; e < Math.max(epochs, swa.fromEpoch()); e++) {
            values.put(e, e < plain ? before.valueAt(0, e) : swa.learningRate());
        }
        return new MapSchedule(ScheduleType.EPOCH, values);
    }

    /** From {@code lr} at the first epoch down to {@code floor} at the last of {@code epochs}. */
    private static ISchedule cosine(double lr, double floor, int epochs) {
        Map<Integer, Double> values = new HashMap<>();
        for (int e = 0; e < Math.max(1, epochs); e++) {
            values.put(e, floor + (lr - floor) * 0.5 * (1 + Math.cos(Math.PI * e / Math.max(1, epochs - 1))));
        }
        return new MapSchedule(ScheduleType.EPOCH, values);
    }
}
