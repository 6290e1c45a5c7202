package dev.ferstream.model.batchnorm;

import dev.ferstream.model.arch.Architecture;

import dev.ferstream.data.Face;
import dev.ferstream.data.InputScaling;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
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
 * Dropout. Layers are calibrated in order, each on inputs produced with the already-calibrated layers before it,
 * in one inference pass over the sample.
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
        int last = -1;
        for (int k = 0; k < net.getnLayers(); k++) {
            if (net.getLayer(k) instanceof BatchNormalization) {
                last = k;
            }
        }
        // One inference pass, layer by layer over the whole sample (kept in chunks): a BatchNorm's statistics are
        // taken from its inputs, set, and only then is it applied, so each layer sees the calibrated ones before it.
        // (Feeding the sample from the input once per BatchNorm cost fer-cnn-wide's 13 layers ~7 passes.)
        List<INDArray> chunks = new ArrayList<>();
        for (int from = 0; from < sample.size(); from += CHUNK) {
            chunks.add(inputs(sample.subList(from, Math.min(sample.size(), from + CHUNK))));
        }
        int updated = 0;
        try {
            for (int k = 0; k <= last; k++) {
                Layer layer = net.getLayer(k);
                InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(k);
                for (int i = 0; pre != null && i < chunks.size(); i++) {
                    INDArray chunk = chunks.get(i);
                    chunks.set(i, replace(chunk, pre.preProcess(chunk, (int) chunk.size(0), LayerWorkspaceMgr.noWorkspaces())));
                }
                if (layer instanceof BatchNormalization bn) {
                    setStatistics(bn, chunks);
                    updated++;
                }
                for (int i = 0; k < last && i < chunks.size(); i++) {
                    INDArray chunk = chunks.get(i);
                    chunks.set(i, replace(chunk, layer.activate(chunk, false, LayerWorkspaceMgr.noWorkspaces())));
                }
                layer.clear();
            }
        } finally {
            chunks.forEach(BatchNormRecalibration::release);
        }
        return updated;
    }

    private static INDArray inputs(List<Face> faces) {
        float[] features = InputScaling.batch(faces.stream().map(Face::pixels).toList());
        return Nd4j.create(features, new long[]{faces.size(), Architecture.PIXELS}, 'c');
    }

    /** Mean and variance per channel (per unit for dense inputs) over all chunks, in double. */
    private static void setStatistics(BatchNormalization bn, List<INDArray> inputs) {
        double[] sum = null;
        double[] sumSquares = null;
        long count = 0;
        for (INDArray input : inputs) {
            int[] axes = input.rank() == 4 ? new int[]{0, 2, 3} : new int[]{0};
            double[] s = input.sum(axes).toDoubleVector();
            double[] norms = input.norm2(axes).toDoubleVector();
            if (sum == null) {
                sum = new double[s.length];
                sumSquares = new double[s.length];
            }
            for (int c = 0; c < s.length; c++) {
                sum[c] += s[c];
                sumSquares[c] += norms[c] * norms[c];
            }
            count += input.length() / s.length;
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
    }

    /** The next array for a chunk; the previous one is freed unless the next one is a view of its memory. */
    private static INDArray replace(INDArray previous, INDArray next) {
        if (!sharesMemory(previous, next)) {
            release(previous);
        }
        return next;
    }

    private static boolean sharesMemory(INDArray a, INDArray b) {
        DataBuffer x = a.data();
        DataBuffer y = b.data();
        long xStart = x.address();
        long yStart = y.address();
        return xStart < yStart + y.length() * y.getElementSize() && yStart < xStart + x.length() * x.getElementSize();
    }

    /**
     * Frees an array's native memory now. ND4J otherwise frees it only when the JVM collects the array object, which
     * for these few large arrays may be long after the next epoch's have been allocated: recalibrating fer-cnn on
     * 1,024 faces allocated ~14 GB in all when the sample was fed once per BatchNorm, and the training JVM's RSS
     * reached 11 GB before this.
     */
    private static void release(INDArray array) {
        if (array.closeable()) {
            array.close();
        }
    }
}
