package dev.ferstream.model;

import dev.ferstream.data.Face;
import dev.ferstream.data.InputScaling;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Replaces every BatchNorm layer's running mean and variance by the exact statistics of its inputs in inference
 * mode, over a sample of faces ("precise BN").
 *
 * <p>Why: with Keras' momentum 0.99 the running variance starts at 1 and forgets that start only as 0.99^n, while
 * hw3-cnn's first BatchNorm sees post-ReLU activations with a variance near 1e-3: after two epochs (400 steps) the
 * stored standard deviation was still 5x too large, every later layer inherited the error, and the network's
 * inference-mode predictions collapsed to one class (validation accuracy 0.14-0.23 while training-mode accuracy was
 * ~0.43). Statistics taken in inference mode also remove the dropout "variance shift" of BatchNorms placed after a
 * Dropout. Layers are calibrated in order, each on inputs produced with the already-calibrated layers before it.
 */
public final class BatchNormRecalibration {
    private static final int CHUNK = 128;
    private static final double MIN_VARIANCE = 1e-10;

    private BatchNormRecalibration() {
    }

    /** Recalibrates in place; returns the number of BatchNorm layers updated. */
    public static int apply(MultiLayerNetwork net, List<Face> sample) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("BatchNorm recalibration needs at least one face");
        }
        int updated = 0;
        for (int k = 0; k < net.getnLayers(); k++) {
            if (!(net.getLayer(k) instanceof BatchNormalization bn)) {
                continue;
            }
            double[] sum = null;
            double[] sumSquares = null;
            long count = 0;
            for (int from = 0; from < sample.size(); from += CHUNK) {
                List<Face> chunk = sample.subList(from, Math.min(sample.size(), from + CHUNK));
                List<INDArray> activations = forwardTo(net, k, chunk);
                try {
                    INDArray output = activations.get(k);
                    INDArray input = layerInput(net, k, output, chunk.size());
                    int[] axes = input.rank() == 4 ? new int[]{0, 2, 3} : new int[]{0};
                    double[] s = input.sum(axes).toDoubleVector();
                    double[] norms = input.norm2(axes).toDoubleVector();
                    long n = input.length() / s.length;
                    if (sum == null) {
                        sum = new double[s.length];
                        sumSquares = new double[s.length];
                    }
                    for (int c = 0; c < s.length; c++) {
                        sum[c] += s[c];
                        sumSquares[c] += norms[c] * norms[c];
                    }
                    count += n;
                    if (input != output) {
                        release(input); // a preprocessor's copy
                    }
                } finally {
                    activations.forEach(BatchNormRecalibration::release);
                }
            }
            double[] mean = new double[sum.length];
            double[] log10Std = new double[sum.length];
            for (int c = 0; c < sum.length; c++) {
                mean[c] = sum[c] / count;
                double variance = Math.max(MIN_VARIANCE, sumSquares[c] / count - mean[c] * mean[c]);
                log10Std[c] = 0.5 * Math.log10(variance);
            }
            INDArray meanParam = bn.getParam("mean");
            INDArray logStdParam = bn.getParam("log10stdev");
            meanParam.assign(Nd4j.createFromArray(mean).castTo(meanParam.dataType()).reshape(meanParam.shape()));
            logStdParam.assign(Nd4j.createFromArray(log10Std).castTo(logStdParam.dataType()).reshape(logStdParam.shape()));
            updated++;
        }
        return updated;
    }

    /**
     * The network's input and the inference-mode outputs of layers 0..k-1 for these faces (index k is layer k's
     * input before its preprocessor).
     */
    private static List<INDArray> forwardTo(MultiLayerNetwork net, int k, List<Face> faces) {
        float[] features = InputScaling.batch(faces.stream().map(Face::pixels).toList());
        INDArray x = Nd4j.create(features, new long[]{faces.size(), Architecture.PIXELS}, 'c');
        return k == 0 ? List.of(x) : net.feedForwardToLayer(k - 1, x, false);
    }

    private static INDArray layerInput(MultiLayerNetwork net, int k, INDArray output, int faces) {
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
        return pre == null ? output : pre.preProcess(output, faces, LayerWorkspaceMgr.noWorkspaces());
    }

    /**
     * Frees an array's native memory now. ND4J otherwise frees it only when the JVM collects the array object, which
     * for these few large arrays may be long after the next epoch's have been allocated: recalibrating fer-cnn on
     * 1,024 faces allocates ~14 GB in all, and the training JVM's RSS reached 11 GB before this.
     */
    private static void release(INDArray array) {
        if (array.closeable()) {
            array.close();
        }
    }
}
