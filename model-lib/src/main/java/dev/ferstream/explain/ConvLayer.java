package dev.ferstream.explain;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * A convolution layer of a network, named for files and reports ({@code conv1}, {@code conv2}, ... in order).
 *
 * @param index   the layer's index in the network
 * @param name    short name, e.g. "conv2"
 * @param filters number of output channels
 * @param kernelHeight kernel rows
 * @param kernelWidth  kernel columns
 */
public record ConvLayer(int index, String name, int filters, int kernelHeight, int kernelWidth) {

    /** The plain convolution layers of a network in order (empty for a dense network). */
    public static List<ConvLayer> of(MultiLayerNetwork network) {
        List<ConvLayer> layers = new ArrayList<>();
        for (int i = 0; i < network.getnLayers(); i++) {
            if (network.getLayerWiseConfigurations().getConf(i).getLayer() instanceof ConvolutionLayer conv
                    && conv.getClass() == ConvolutionLayer.class) {
                layers.add(new ConvLayer(i, "conv" + (layers.size() + 1), (int) conv.getNOut(),
                        conv.getKernelSize()[0], conv.getKernelSize()[1]));
            }
        }
        return List.copyOf(layers);
    }
}
