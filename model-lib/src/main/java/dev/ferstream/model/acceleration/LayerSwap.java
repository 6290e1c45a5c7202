package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Puts another layer object in a network's place {@code i}, found there by index and by name.
 *
 * <p>Why reflection: DL4J builds a network's layer objects from its configuration and offers no hook to build another
 * class; {@code getLayers()} hands out the network's own array, and the by-name map is a protected field. The
 * replacement shares the original's configuration object and parameter views, so the updater (which works on the
 * flattened parameter and gradient arrays and reads configuration through the layers) is untouched.
 */
final class LayerSwap {
    private LayerSwap() {
    }

    /** Replaces {@code net}'s layer {@code index} with {@code replacement}. */
    static void replace(MultiLayerNetwork net, int index, Layer replacement) {
        Layer[] layers = net.getLayers();
        Layer original = layers[index];
        layers[index] = replacement;
        layerMap(net).replaceAll((name, layer) -> layer == original ? replacement : layer);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Layer> layerMap(MultiLayerNetwork net) {
        try {
            Field field = MultiLayerNetwork.class.getDeclaredField("layerMap");
            field.setAccessible(true);
            return (Map<String, Layer>) field.get(net);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("cannot reach DL4J's MultiLayerNetwork.layerMap: a DL4J version other than "
                    + "1.0.0-M2.1 needs LayerSwap revisited", e);
        }
    }
}
