package dev.ferstream.model;

import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Hw3Cnn;

import dev.ferstream.data.Augmentation;
import dev.ferstream.data.FaceBatchIterator;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** A freshly initialised hw3-cnn (same seed, so same weights, every time) and one small learnable batch for it. */
public final class Hw3CnnFixture {
    public static final DataSet BATCH =
            new FaceBatchIterator(TrainingStepsTest.learnableFaces(16, 5), 16, true, Augmentation.NONE, 0, 3).next();

    private Hw3CnnFixture() {
    }

    public static MultiLayerNetwork hw3Cnn() {
        return hw3Cnn(ArchitectureOptions.defaults());
    }

    public static MultiLayerNetwork hw3Cnn(ArchitectureOptions options) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new Hw3Cnn().configuration(options));
        net.init();
        return net;
    }
}
