package dev.ferstream.training.engine;

import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The running equal-weight mean of a network's parameter vector over the epochs that {@link WeightAveraging} covers.
 * Kept as one flat vector beside the trained network (DL4J's BatchNorm running statistics are part of it too; they
 * are recomputed for the averaged network anyway), so it costs one copy of the weights.
 */
final class ParameterAverage {
    private final INDArray mean;
    private int count;

    private ParameterAverage(INDArray mean, int count) {
        this.mean = mean;
        this.count = count;
    }

    /** An average of no epochs yet, shaped like {@code net}'s parameters. */
    static ParameterAverage empty(MultiLayerNetwork net) {
        return new ParameterAverage(net.params().dup().assign(0), 0);
    }

    /** The average of {@code count} epochs that {@link #save} wrote to {@code file} (a checkpoint's). */
    static ParameterAverage load(Path file, int count) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: the checkpoint says its weight average holds " + count + " epochs");
        }
        return of(Nd4j.readBinary(file.toFile()), count);
    }

    /** The average of {@code count} epochs whose mean is {@code mean} (a bundle's weights; copied). */
    static ParameterAverage of(INDArray mean, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a resumed average covers at least one epoch, got " + count);
        }
        return new ParameterAverage(mean.dup(), count);
    }

    /** Writes the mean atomically, like the checkpoint's network. */
    void save(Path file) throws IOException {
        ModelBundle.writeAtomically(file, tmp -> Nd4j.saveBinary(mean, tmp));
    }

    /** Adds one epoch's parameters: mean += (params - mean) / (count + 1). */
    void add(INDArray params) {
        if (!params.equalShapes(mean)) {
            throw new IllegalArgumentException("parameter vector of shape " + Arrays.toString(params.shape())
                    + " cannot join an average of shape " + Arrays.toString(mean.shape()));
        }
        count++;
        mean.addi(params.sub(mean).divi(count));
    }

    int count() {
        return count;
    }

    /** A clone of {@code net} carrying the averaged parameters, to recalibrate, score and save; {@code net} is untouched. */
    MultiLayerNetwork network(MultiLayerNetwork net) {
        MultiLayerNetwork averaged = net.clone();
        averaged.setParams(mean.dup());
        return averaged;
    }
}
