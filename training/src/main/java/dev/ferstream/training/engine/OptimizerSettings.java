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
 * @param freezeFrom   the first layer that keeps its weights (it and all after it: {@link FrozenLayers}), 0 = all learn
 */
public record OptimizerSettings(String optimizer, double learningRate, String schedule, double weightDecay,
                                WeightAveraging averaging, int freezeFrom) {
    public OptimizerSettings {
        Settings.require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        Settings.require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        Settings.require(freezeFrom >= 0, "--freeze-from must be a layer number >= 1, or 0 for none; got " + freezeFrom);
    }

    /** Every layer learning. */
    public OptimizerSettings(String optimizer, double learningRate, String schedule, double weightDecay,
                             WeightAveraging averaging) {
        this(optimizer, learningRate, schedule, weightDecay, averaging, 0);
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
