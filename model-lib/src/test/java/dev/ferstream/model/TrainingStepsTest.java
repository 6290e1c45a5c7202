package dev.ferstream.model;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.FerCnn;
import dev.ferstream.model.arch.Hw3Dnn;

import dev.ferstream.data.Augmentation;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceBatchIterator;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few optimisation steps on learnable generated data must lower the loss, for each architecture family. */
public class TrainingStepsTest {
    /** Faces whose brightness pattern encodes the label (a bright band at row label * 6). */
    public static List<Face> learnableFaces(int n, long seed) {
        Random random = new Random(seed);
        List<Face> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 7;
            byte[] p = new byte[2304];
            for (int k = 0; k < p.length; k++) {
                int row = k / 48;
                int base = row / 6 == label ? 220 : 40;
                p[k] = (byte) Math.max(0, Math.min(255, base + random.nextInt(30)));
            }
            faces.add(new Face("g" + i, p, label, i + 2));
        }
        return faces;
    }

    private static void assertLossDrops(Architecture arch, int steps) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(arch.configuration(ArchitectureOptions.defaults()));
        net.init();
        DataSet batch = new FaceBatchIterator(learnableFaces(32, 1), 32, true, Augmentation.NONE, 0, 3).next();
        net.fit(batch);
        double before = net.score(); // training-mode loss of the first step (BN running stats still near init)
        for (int i = 1; i < steps; i++) {
            net.fit(batch);
        }
        double after = net.score();
        assertTrue(after < before * 0.8, arch.name() + ": loss " + before + " -> " + after);
    }

    @Test
    void dnnLossDrops() {
        assertLossDrops(new Hw3Dnn(), 10);
    }

    @Test
    void ferCnnLossDrops() {
        assertLossDrops(new FerCnn(), 6);
    }
}
