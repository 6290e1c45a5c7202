package dev.ferstream.model.batchnorm;

import dev.ferstream.model.TrainingStepsTest;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;

import dev.ferstream.data.Face;
import dev.ferstream.data.InputScaling;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BatchNormRecalibrationTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw3-dnn", "fer-cnn"})
    void storedStatisticsEqualTheInferenceModeStatisticsOfEachLayersInput(String arch) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName(arch).configuration(ArchitectureOptions.defaults()));
        net.init();
        List<Face> faces = TrainingStepsTest.learnableFaces(300, 4).subList(0, 150); // two chunks, the second partial
        int batchNorms = 0;
        for (int k = 0; k < net.getnLayers(); k++) {
            batchNorms += net.getLayer(k) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization ? 1 : 0;
        }
        assertEquals(batchNorms, BatchNormRecalibration.apply(net, faces));

        INDArray x = Nd4j.create(InputScaling.batch(faces.stream().map(Face::pixels).toList()), new long[]{150, 2304}, 'c');
        List<INDArray> acts = net.feedForward(x, false);
        int checked = 0;
        for (int k = 0; k < net.getnLayers(); k++) {
            if (!(net.getLayer(k) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization)) {
                continue;
            }
            assertNull(net.getLayerWiseConfigurations().getInputPreProcess(k), "layer " + k + "'s input is acts[k]");
            INDArray input = acts.get(k);
            int[] axes = input.rank() == 4 ? new int[]{0, 2, 3} : new int[]{0};
            double[] mean = input.mean(axes).toDoubleVector();
            double[] variance = input.var(false, axes).toDoubleVector();
            double[] storedMean = net.getLayer(k).getParam("mean").toDoubleVector();
            double[] log10Std = net.getLayer(k).getParam("log10stdev").toDoubleVector();
            assertArrayEquals(mean, storedMean, 1e-4 + 1e-4 * max(mean), "layer " + k);
            for (int c = 0; c < variance.length; c++) {
                assertEquals(Math.max(1e-10, variance[c]), Math.pow(10, 2 * log10Std[c]), 1e-4 + 1e-3 * variance[c], "layer " + k + " channel " + c);
            }
            checked++;
        }
        assertEquals(batchNorms, checked);
        int lastBatchNorm = acts.size() - 1;
        while (!(net.getLayer(--lastBatchNorm) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization)) {
            // the last BatchNorm's statistics depend on every one before it
        }
        double[] before = net.getLayer(lastBatchNorm).getParam("mean").toDoubleVector();
        BatchNormRecalibration.apply(net, faces);
        assertArrayEquals(before, net.getLayer(lastBatchNorm).getParam("mean").toDoubleVector(), 1e-5, "idempotent");
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).map(Math::abs).max().orElse(0);
    }
}
