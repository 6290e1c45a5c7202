package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;

/**
 * A second oneDNN helper for a convolution or pooling layer, used in its channels-last steps.
 *
 * <p>Why: DL4J's {@code MKLDNNConvHelper} and {@code MKLDNNSubsamplingHelper} build their op context, data format
 * included, on their first call and reuse it, so one helper cannot serve a layer in both layouts (its NHWC step ran
 * oneDNN with the NCHW flag, which failed and sent DL4J to its slow built-in path for good). Each layout gets its own
 * helper object, swapped in the layer's package-private {@code helper} field, as {@link FusedBatchNorm} does.
 */
final class OneDnnHelpers {
    private OneDnnHelpers() {
    }

    /**
     * The switch to a channels-last helper for {@code layer}: nothing for layers without a helper field (element-wise
     * ones), null (cannot switch) for a convolution or pooling layer without a oneDNN helper.
     */
    static ChannelsLastTraining.Switch channelsLast(Layer layer) {
        Class<?> owner = layer instanceof ConvolutionLayer ? ConvolutionLayer.class
                : layer instanceof SubsamplingLayer ? SubsamplingLayer.class : null;
        if (owner == null) {
            return ChannelsLastTraining.Switch.NONE;
        }
        Field field = helperField(owner);
        Object original = get(field, layer);
        if (original == null) {
            return null; // oneDNN off: DL4J's built-in NHWC path permutes around im2col, slower than NCHW
        }
        Object helper = newHelper(original.getClass(), layer.conf().getDataType());
        // convolutions: oneDNN 2.5 direct on the NHWC buffers, DL4J's helper for what it does not run
        Object channelsLast = owner == ConvolutionLayer.class
                ? new DnnlConvolutionHelper((ConvolutionHelper) helper) : helper;
        return new ChannelsLastTraining.Switch(() -> set(field, layer, channelsLast), () -> set(field, layer, original));
    }

    private static Field helperField(Class<?> owner) {
        try {
            Field field = owner.getDeclaredField("helper");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's " + owner.getSimpleName() + " has no 'helper' field: a DL4J version "
                    + "other than 1.0.0-M2.1 needs OneDnnHelpers revisited", e);
        }
    }

    private static Object newHelper(Class<?> type, DataType dataType) {
        try {
            return type.getConstructor(DataType.class).newInstance(dataType);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot make a second " + type.getSimpleName(), e);
        }
    }

    private static Object get(Field field, Layer layer) {
        try {
            return field.get(layer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read DL4J's layer helper field", e);
        }
    }

    private static void set(Field field, Layer layer, Object helper) {
        try {
            field.set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write DL4J's layer helper field", e);
        }
    }
}
