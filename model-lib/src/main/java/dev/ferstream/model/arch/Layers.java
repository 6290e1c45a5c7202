package dev.ferstream.model.arch;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Layer builders shared by the architectures, so Keras-equivalent settings are written once. */
final class Layers {
    /** Keras BatchNormalization defaults: momentum 0.99, epsilon 1e-3. */
    static final double BN_DECAY = 0.99;
    static final double BN_EPS = 1e-3;

    private Layers() {
    }

    /**
     * BatchNorm with an explicit identity activation: DL4J 1.0.0-M2.1 never applies a BatchNormalization layer's
     * activation, and the builder default (sigmoid, inherited from the network) would make the config lie.
     */
    static BatchNormalization batchNorm() {
        return new BatchNormalization.Builder().decay(BN_DECAY).eps(BN_EPS).activation(Activation.IDENTITY).build();
    }

    /** Softmax cross-entropy on the previous layer's logits, optionally class-weighted. */
    static LossLayer softmaxLoss(double[] classWeights) {
        LossMCXENT loss = classWeights == null ? new LossMCXENT() : new LossMCXENT(Nd4j.createFromArray(classWeights).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        return new LossLayer.Builder(loss).activation(Activation.SOFTMAX).build();
    }
}
