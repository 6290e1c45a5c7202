package dev.ferstream.training.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where a run's epoch loop begins: the network to train, the state after the epochs already done, the weight
 * average those epochs built (null when none), and the run's entry in the bundle's history.
 */
record StartingPoint(MultiLayerNetwork network, TrainingState state, ParameterAverage average, RunRecord run) {
}
