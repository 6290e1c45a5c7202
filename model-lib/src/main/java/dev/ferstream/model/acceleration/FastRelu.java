package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Puts a {@link FastReluLayer} in place of every plain-ReLU {@code ActivationLayer} of a network.
 *
 * <p>Why reflection: DL4J builds a network's layer objects from its configuration and offers no hook to build another
 * class; {@code getLayers()} hands out the network's own array, and the by-name map is a protected field. The layers
 * hold no parameters, so the updater and the flattened parameter view are untouched.
 */
public final class FastRelu {
    private FastRelu() {
    }

    /** Replaces each plain-ReLU layer (once) and returns how many now use the fast layer. */
    public static int install(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        Map<String, Layer> byName = layerMap(net);
        int fast = 0;
        for (int i = 0; i < layers.length; i++) {
            if (FastReluLayer.replaces(layers[i])) {
                Layer original = layers[i];
                Layer replacement = new FastReluLayer((ActivationLayer) original);
                layers[i] = replacement;
                byName.replaceAll((name, layer) -> layer == original ? replacement : layer);
            }
            if (layers[i] instanceof FastReluLayer) {
                fast++;
            }
        }
        return fast;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Layer> layerMap(MultiLayerNetwork net) {
        try {
            Field field = MultiLayerNetwork.class.getDeclaredField("layerMap");
            field.setAccessible(true);
            return (Map<String, Layer>) field.get(net);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("cannot reach DL4J's MultiLayerNetwork.layerMap: a DL4J version other than "
                    + "1.0.0-M2.1 needs FastRelu revisited", e);
        }
    }
}
