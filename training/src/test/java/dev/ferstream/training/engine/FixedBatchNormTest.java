package dev.ferstream.training.engine;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --batch-norm fixed: the affine stand-in computes what the BatchNorm network computes at inference, training it
 * leaves the starting statistics alone, and the bundle written back computes what the trained stand-in computes.
 */
class FixedBatchNormTest {
    /** The architectures' BatchNorm keeps log10 standard deviations (DL4J's default). */
    private static final String SPREAD = "log10stdev";

    @ParameterizedTest
    @ValueSource(strings = {"hw3-cnn", "hw3-dnn"})
    void theAffineFormComputesTheSameAndTrainsWithoutMovingTheStatistics(String name) {
        Architecture architecture = Architectures.byName(name);
        MultiLayerConfiguration conf = architecture.configuration(ArchitectureOptions.defaults());
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        Nd4j.getRandom().setSeed(7);
        giveTheBatchNormsStatistics(net);
        INDArray faces = Nd4j.rand(DataType.FLOAT, 16, Architecture.PIXELS);

        FixedBatchNorm fixed = FixedBatchNorm.of(net);
        MultiLayerNetwork affine = fixed.toAffine(net);
        assertFalse(FixedBatchNorm.hasBatchNorm(affine));
        assertClose(net.output(faces, false), affine.output(faces, false));

        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 7);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 7, 1);
        }
        for (int step = 0; step < 3; step++) {
            affine.fit(new DataSet(faces, labels));
        }
        MultiLayerNetwork back = fixed.toBatchNorm(affine, conf);
        assertTrue(FixedBatchNorm.hasBatchNorm(back));
        assertClose(affine.output(faces, false), back.output(faces, false));
        for (int i = 0; i < net.getnLayers(); i++) {
            Map<String, INDArray> started = net.getLayer(i).paramTable();
            if (started.containsKey("mean")) {
                assertEquals(started.get("mean"), back.getLayer(i).getParam("mean"), "layer " + i + " mean");
                assertEquals(started.get(SPREAD), back.getLayer(i).getParam(SPREAD), "layer " + i + " spread");
            }
        }
        assertFalse(net.output(faces, false).equalsWithEps(back.output(faces, false), 1e-6), "the weights learned");
    }

    /** Statistics and scales away from their 0/1 initial values, so the conversion is exercised. */
    private static void giveTheBatchNormsStatistics(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Map<String, INDArray> p = net.getLayer(i).paramTable();
            if (p.containsKey("mean")) {
                p.get("mean").assign(Nd4j.randn(DataType.FLOAT, p.get("mean").shape()).muli(0.3));
                p.get(SPREAD).assign(Nd4j.rand(DataType.FLOAT, p.get(SPREAD).shape()).subi(0.5).muli(0.4));
                p.get("gamma").assign(Nd4j.rand(DataType.FLOAT, p.get("gamma").shape()).addi(0.5));
                p.get("beta").assign(Nd4j.randn(DataType.FLOAT, p.get("beta").shape()).muli(0.2));
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "largest difference " + diff);
    }
}
