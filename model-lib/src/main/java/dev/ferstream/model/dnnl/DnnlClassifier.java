package dev.ferstream.model.dnnl;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.PlanLayers;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/**
 * The oneDNN engine ({@code dnnl}): the network's layers as oneDNN 2.5 primitives called directly, built once per
 * batch size with every weight prepacked and each ReLU fused into the convolution or dense layer before it.
 *
 * <p>Why a third engine: the DL4J plan runs libnd4j's oneDNN 2.3, which reorders every convolution's weights on every
 * call and runs each ReLU as a pass of its own; ONNX Runtime prepacks but its own kernels are slower than oneDNN's
 * brgemm convolutions on AVX-512. Called directly, oneDNN does both right (bench/dnnl and bench/peers: docs/onnx.md).
 * libnd4j's oneDNN and this one live side by side in the JVM (different library names and symbols).
 *
 * <p>Threads are the OpenMP runtime's, as for the DL4J engine ({@code NativeRuntime.maxThreads} caps them for the
 * calling thread). The weights are copied: make a new classifier after training. Not thread-safe; close it to free
 * the native memory (about two copies of the largest activation at 64 faces, plus the weights).
 */
public final class DnnlClassifier implements FaceClassifier {
    private final DnnlNet net;
    private final TestTimeAugmentation tta;

    /**
     * Compiles {@code network} as the inference plan sees it.
     *
     * @throws UnsupportedOperationException naming a layer the plan or oneDNN cannot run
     */
    public DnnlClassifier(MultiLayerNetwork network, TestTimeAugmentation tta) {
        this.net = new DnnlNet(PlanLayers.of(network));
        this.tta = tta;
    }

    @Override
    public float[][] probabilities(List<byte[]> faces) {
        int n = faces.size();
        float[][] sum = new float[n][net.classes()];
        float[] input = new float[n * Architecture.PIXELS];
        for (TestTimeAugmentation.View view : tta.views()) {
            for (int i = 0; i < n; i++) {
                InputScaling.writeShifted(faces.get(i), view.dx(), view.dy(), view.mirror(), input,
                        i * Architecture.PIXELS);
            }
            float[] probs = net.output(input, n);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < net.classes(); c++) {
                    sum[i][c] += probs[i * net.classes() + c] / tta.views().size();
                }
            }
        }
        return sum;
    }

    @Override
    public void close() {
        net.close();
    }
}
