package dev.ferstream.training.engine;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * How the weights are updated.
 *
 * @param optimizer    adam | nesterov | sgd
 * @param learningRate initial learning rate
 * @param schedule     constant | cosine | step:EVERY:GAMMA
 * @param weightDecay  L2 weight decay (0 = off); part of the network's configuration, so fixed for a run
 * @param averaging    stochastic weight averaging over the last epochs, or {@link WeightAveraging#NONE}
 */
public record OptimizerSettings(String optimizer, double learningRate, String schedule, double weightDecay,
                                WeightAveraging averaging) {
    public OptimizerSettings {
        Settings.require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        Settings.require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
    }

    /** The per-epoch learning rate of a run of {@code epochs} (the averaging's constant rate at its end). */
    ISchedule learningRates(int epochs) {
        return LearningRates.parse(schedule, learningRate, epochs, averaging);
    }

    /** The DL4J updater following {@code learningRates}. */
    IUpdater updater(ISchedule learningRates) {
        return Optimizers.create(optimizer, learningRates);
    }
}
