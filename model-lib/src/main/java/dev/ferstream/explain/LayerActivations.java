package dev.ferstream.explain;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.arch.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * What a face looks like to a convolution layer: the channels of the layer's block output (after the BatchNorm
 * layers directly following it), from an inference-mode forward pass of the trained network itself.
 */
public final class LayerActivations {
    private LayerActivations() {
    }

    /** The first {@code max} channels of the block output of {@code layer} for one face. */
    public static FeatureMaps of(MultiLayerNetwork network, ConvLayer layer, byte[] face, int max) {
        int end = InferenceCopy.blockEnd(network, layer.index());
        float[] scaled = new float[Architecture.PIXELS];
        InputScaling.write(face, scaled, 0);
        INDArray input = Nd4j.create(scaled, new long[]{1, Architecture.PIXELS}, 'c').castTo(network.params().dataType());
        INDArray out = network.feedForwardToLayer(end, input, false).get(end + 1); // [1, C, H, W]
        int channels = (int) Math.min(max, out.size(1));
        int h = (int) out.size(2);
        int w = (int) out.size(3);
        float[] all = Flat.floats(out);
        List<float[]> maps = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            maps.add(java.util.Arrays.copyOfRange(all, c * h * w, (c + 1) * h * w));
        }
        return new FeatureMaps(w, h, maps);
    }
}
