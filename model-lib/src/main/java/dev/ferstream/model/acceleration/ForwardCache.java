package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Makes a network keep each convolution's output from the forward pass for its backward pass. With DL4J's default
 * ({@link CacheMode#NONE}) {@code ConvolutionLayer.backpropGradient} runs the whole forward convolution a second
 * time: a fifth of a hw3-cnn training step on this machine. The setting only affects training.
 *
 * <p>It is applied to the network object rather than written into the architectures because networks restored from
 * checkpoints carry the configuration they were saved with; {@code Trainer} calls it for every network it fits.
 */
public final class ForwardCache {
    private ForwardCache() {
    }

    /** Turns the cache on (the network-wide mode decides whether DL4J opens the cache workspace) and returns {@code net}. */
    public static MultiLayerNetwork enable(MultiLayerNetwork net) {
        net.getLayerWiseConfigurations().setCacheMode(CacheMode.DEVICE);
        net.setCacheMode(CacheMode.DEVICE);
        return net;
    }
}
