package dev.ferstream.training.engine;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Locale;

/** Optimizer names to DL4J updaters, with Keras' defaults where they differ from DL4J's. */
final class Optimizers {
    private Optimizers() {
    }

    static IUpdater create(String name, ISchedule learningRate) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> Adam.builder().learningRateSchedule(learningRate).beta1(0.9).beta2(0.999).epsilon(1e-7).build();
            case "nesterov" -> new Nesterovs(learningRate, 0.9);
            case "sgd" -> new Sgd(learningRate);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; use adam, nesterov or sgd");
        };
    }
}
