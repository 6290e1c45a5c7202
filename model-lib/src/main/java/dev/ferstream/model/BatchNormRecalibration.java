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
                INDArray input = layerInput(net, k, chunk);
                int[] axes = input.rank() == 4 ? new int[]{0, 2, 3} : new int[]{0};
                double[] s = input.sum(axes).toDoubleVector();
                double[] sq = input.mul(input).sum(axes).toDoubleVector();
                long n = input.length() / s.length;
                if (sum == null) {
                    sum = new double[s.length];
                    sumSquares = new double[s.length];
                }
                for (int c = 0; c < s.length; c++) {
                    sum[c] += s[c];
                    sumSquares[c] += sq[c];
                }
                count += n;
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

    /** The input of layer k (after its preprocessor) in inference mode. */
    private static INDArray layerInput(MultiLayerNetwork net, int k, List<Face> faces) {
        float[] features = InputScaling.batch(faces.stream().map(Face::pixels).toList());
        INDArray x = Nd4j.create(features, new long[]{faces.size(), Architecture.PIXELS}, 'c');
        INDArray input;
        if (k == 0) {
            input = x;
        } else {
            List<INDArray> activations = net.feedForwardToLayer(k - 1, x, false);
            input = activations.get(k);
        }
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
        if (pre != null) {
            input = pre.preProcess(input, faces.size(), LayerWorkspaceMgr.noWorkspaces());
        }
        return input.detach();
    }
}
