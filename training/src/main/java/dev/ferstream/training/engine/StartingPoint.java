package dev.ferstream.training.engine;

import dev.ferstream.model.bundle.ParentModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where a run's epoch loop begins: the network to train, the state after the epochs already done, the weight
 * average those epochs built (null when none), the run's entry in the bundle's history, and the bundle a fine-tune
 * started from (null when the weights did not come from another bundle).
 */
record StartingPoint(MultiLayerNetwork network, TrainingState state, ParameterAverage average, RunRecord run,
                     ParentModel parent) {
}
