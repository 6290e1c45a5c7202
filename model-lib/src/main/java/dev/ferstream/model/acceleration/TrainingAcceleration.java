package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that makes a DL4J training step faster without changing what it computes, applied in one call so that
 * {@code train} and {@code bench} always measure the same thing: the forward cache ({@link ForwardCache}), the
 * fused BatchNorm statistics and backward pass ({@link FusedBatchNorm}), the one-pass ReLU layers
 * ({@link FastRelu}), one-pass dropout ({@link FastDropout}: the same distribution, other random draws than ND4J's)
 * and the convolution layers channels-last steps need ({@link ChannelsLastTraining#install}; the steps themselves are
 * {@link ChannelsLastTraining#fit}, which {@code train} and {@code bench} call).
 */
public final class TrainingAcceleration {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingAcceleration.class);

    private TrainingAcceleration() {
    }

    /**
     * Applies all five to {@code net} (idempotent) and returns it. If the fused BatchNorm, the ReLU layers, the dropout
     * helper or the convolution layers cannot be installed (a DL4J version without the field they replace) training
     * goes on with DL4J's own and a warning: slower, not wrong. {@code FusedBatchNormTest}, {@code FastReluTest},
     * {@code FastDropoutTest} and {@code ChannelsLastTrainingTest} fail in that case, so a dependency change cannot
     * lose them unnoticed.
     */
    public static MultiLayerNetwork apply(MultiLayerNetwork net) {
        optional("one-pass ReLU layers", () -> FastRelu.install(net)); // first: the cache mode below reaches them
        optional("channels-last convolution layers", () -> ChannelsLastTraining.install(net));
        ForwardCache.enable(net);
        optional("fused BatchNorm", () -> FusedBatchNorm.install(net));
        optional("one-pass dropout", () -> FastDropout.install(net));
        return net;
    }

    /**
     * How many parallel ranges the Java kernels of a training step split their work into (BatchNorm, dropout masks,
     * the first convolution's weight gradient): as many as the native backend has threads, since ND4J is idle while
     * these loops run and its thread count is what the user sized the step for.
     */
    static int parallelism() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads()));
    }

    private static void optional(String what, Runnable install) {
        try {
            install.run();
        } catch (IllegalStateException e) {
            LOG.warn("{} not installed, training uses DL4J's own: {}", what, e.getMessage());
        }
    }
}
