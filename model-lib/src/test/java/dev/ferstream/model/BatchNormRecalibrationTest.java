package dev.ferstream.model;

import dev.ferstream.data.Face;
import dev.ferstream.data.InputScaling;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchNormRecalibrationTest {
    @Test
    void storedStatisticsEqualTheInferenceModeStatisticsOfEachLayersInput() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new Hw3Dnn().configuration(ArchitectureOptions.defaults()));
        net.init();
        List<Face> faces = TrainingStepsTest.learnableFaces(300, 4);
        assertEquals(4, BatchNormRecalibration.apply(net, faces));

        INDArray x = Nd4j.create(InputScaling.batch(faces.stream().map(Face::pixels).toList()), new long[]{300, 2304}, 'c');
        List<INDArray> acts = net.feedForward(x, false);
        for (int k : new int[]{1, 4}) { // the first two BatchNorm layers: inputs are acts.get(k)
            INDArray input = acts.get(k);
            double[] mean = input.mean(0).toDoubleVector();
            double[] variance = input.var(false, 0).toDoubleVector();
            double[] storedMean = net.getLayer(k).getParam("mean").toDoubleVector();
            double[] log10Std = net.getLayer(k).getParam("log10stdev").toDoubleVector();
            assertArrayEquals(mean, storedMean, 1e-4, "layer " + k);
            for (int c = 0; c < variance.length; c++) {
                assertEquals(Math.max(1e-10, variance[c]), Math.pow(10, 2 * log10Std[c]), 1e-4 + 1e-3 * variance[c], "layer " + k + " channel " + c);
            }
        }
        double[] before = net.getLayer(10).getParam("mean").toDoubleVector();
        BatchNormRecalibration.apply(net, faces);
        assertArrayEquals(before, net.getLayer(10).getParam("mean").toDoubleVector(), 1e-5, "idempotent");
    }
}
