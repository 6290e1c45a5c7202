package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** One seeded loss-and-gradient computation, to compare two ways of training the same network on the same batch. */
record GradientStep(double score, Gradient gradient) {
    static GradientStep of(MultiLayerNetwork net, DataSet batch, long seed) {
        Nd4j.getRandom().setSeed(seed); // same dropout masks for every network compared
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return new GradientStep(net.score(), net.gradient());
    }
}
