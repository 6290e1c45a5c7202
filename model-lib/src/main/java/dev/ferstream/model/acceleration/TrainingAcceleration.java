package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that makes a DL4J training step faster without changing its result, applied in one call so that
 * {@code train} and {@code bench} always measure the same thing: the forward cache ({@link ForwardCache}) and the
 * fused BatchNorm statistics and backward pass ({@link FusedBatchNorm}).
 */
public final class TrainingAcceleration {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingAcceleration.class);

    private TrainingAcceleration() {
    }

    /**
     * Applies both to {@code net} (idempotent) and returns it. If the fused BatchNorm cannot be installed (a DL4J
     * version without the field it replaces) training goes on with DL4J's helper and a warning: slower, not wrong.
     * {@code FusedBatchNormTest} fails in that case, so a dependency change cannot lose it unnoticed.
     */
    public static MultiLayerNetwork apply(MultiLayerNetwork net) {
        ForwardCache.enable(net);
        try {
            FusedBatchNorm.install(net);
        } catch (IllegalStateException e) {
            LOG.warn("fused BatchNorm not installed, training uses DL4J's BatchNorm helper: {}", e.getMessage());
        }
        return net;
    }
}
