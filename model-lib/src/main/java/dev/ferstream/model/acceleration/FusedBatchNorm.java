package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.lang.reflect.Field;

/**
 * Puts {@link FusedBatchNormHelper} in front of DL4J's oneDNN helper in every BatchNorm layer of a network.
 *
 * <p>Why reflection: DL4J picks a layer's helper by a fixed class name and keeps it in a package-private field, with
 * no hook to supply another; the field is set once when the layer is built, so replacing it afterwards is safe.
 * Layers without a helper (oneDNN off) are left alone: the fused helper only replaces work the oneDNN helper does.
 */
public final class FusedBatchNorm {
    private FusedBatchNorm() {
    }

    /** Wraps each BatchNorm layer's helper (once) and returns how many layers now use the fused helper. */
    public static int install(MultiLayerNetwork net) {
        Field field = helperField();
        ChannelKernels kernels = new ChannelKernels(TrainingAcceleration.parallelism());
        int fused = 0;
        for (Layer layer : net.getLayers()) {
            if (!(layer instanceof BatchNormalization)) {
                continue;
            }
            try {
                BatchNormalizationHelper helper = (BatchNormalizationHelper) field.get(layer);
                if (helper != null && !(helper instanceof FusedBatchNormHelper)) {
                    field.set(layer, new FusedBatchNormHelper(helper, kernels));
                }
                if (field.get(layer) instanceof FusedBatchNormHelper) {
                    fused++;
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot reach DL4J's BatchNormalization helper field", e);
            }
        }
        return fused;
    }

    private static Field helperField() {
        try {
            Field field = BatchNormalization.class.getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's BatchNormalization has no 'helper' field: a DL4J version other than "
                    + "1.0.0-M2.1 needs FusedBatchNorm revisited", e);
        }
    }
}
