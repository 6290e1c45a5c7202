package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Puts a {@link FastReluLayer} in place of every plain-ReLU {@code ActivationLayer} of a network ({@link LayerSwap}).
 * The layers hold no parameters, so the updater and the flattened parameter view are untouched.
 */
public final class FastRelu {
    private FastRelu() {
    }

    /** Replaces each plain-ReLU layer (once) and returns how many now use the fast layer. */
    public static int install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        int fast = 0;
        for (int i = 0; i < layers.length; i++) {
            if (FastReluLayer.replaces(layers[i])) {
                LayerSwap.replace(net, i, new FastReluLayer((ActivationLayer) layers[i]));
            }
            if (layers[i] instanceof FastReluLayer) {
                fast++;
            }
        }
        return fast;
    }
}
