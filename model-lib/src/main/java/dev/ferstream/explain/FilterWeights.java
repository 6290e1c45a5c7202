package dev.ferstream.explain;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** The kernels of a convolution layer for display: each filter's weights on the first input channel. */
public final class FilterWeights {
    private FilterWeights() {
    }

    /** The first {@code max} filters of {@code layer} (DL4J keeps conv weights as [out, in, kh, kw]). */
    public static FeatureMaps firstInputChannel(MultiLayerNetwork network, ConvLayer layer, int max) {
        INDArray w = network.getLayer(layer.index()).getParam("W");
        int count = (int) Math.min(max, w.size(0));
        int in = (int) w.size(1);
        int size = layer.kernelHeight() * layer.kernelWidth();
        float[] all = Flat.floats(w);
        List<float[]> maps = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            float[] kernel = new float[size];
            System.arraycopy(all, f * in * size, kernel, 0, size); // [f][0][..][..]
            maps.add(kernel);
        }
        return new FeatureMaps(layer.kernelWidth(), layer.kernelHeight(), maps);
    }
}
