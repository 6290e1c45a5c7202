package dev.ferstream.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Everything that makes a DL4J training step faster without changing its result, applied in one call so that
 * {@code train} and {@code bench} always measure the same thing: the forward cache ({@link ForwardCache}) and the
 * fused BatchNorm statistics and backward pass ({@link FusedBatchNorm}).
 */
public final class TrainingAcceleration {
    private TrainingAcceleration() {
    }

    /** Applies both to {@code net} (idempotent) and returns it. */
    public static MultiLayerNetwork apply(MultiLayerNetwork net) {
        ForwardCache.enable(net);
        FusedBatchNorm.install(net);
        return net;
    }
}
