package dev.ferstream.training.engine;

import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The weights a run is training, kept beside its bundle while the bundle holds their running average
 * ({@code --swa-from}). Why: checkpoints carry optimizer state and stay out of git, so a clone of the repo resumes from
 * the bundle alone; before averaging the bundle's weights are the trained ones, but during it they are the average,
 * from which training cannot continue. This weights-only copy ({@code trained-epoch-0080.zip}) lets the clone go on
 * averaging with a fresh optimizer state. Each epoch writes its own file before the bundle and removes the older ones
 * after it, so the file matching the bundle's {@code model.json} is never replaced by another epoch's.
 */
public final class TrainedWeights {
    private static final String GLOB = "trained-epoch-*.zip";

    private final Path bundleDir;

    private TrainedWeights(Path bundleDir) {
        this.bundleDir = bundleDir;
    }

    public static TrainedWeights of(Path bundleDir) {
        return new TrainedWeights(bundleDir);
    }

    public Path file(int epoch) {
        return bundleDir.resolve(String.format(Locale.ROOT, "trained-epoch-%04d.zip", epoch));
    }

    /** Writes the network's weights (no optimizer state) as those of {@code epoch}. */
    void write(MultiLayerNetwork net, int epoch) throws IOException {
        ModelBundle.writeNetwork(net, file(epoch), false);
    }

    /** Deletes the files of every other epoch, once the bundle of {@code epoch} is written. */
    void keepOnly(int epoch) throws IOException {
        StaleFiles.deleteExcept(bundleDir, "{" + GLOB + "," + GLOB + ".tmp}", file(epoch));
    }

    /** The trained weights of {@code epoch}, whose average over {@code firstAveraged}..{@code epoch} the bundle holds. */
    public INDArray read(int epoch, int firstAveraged) throws IOException {
        Path file = file(epoch);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(("--resume: %s has no checkpoint, and its bundle holds the average of epochs "
                    + "%d-%d, not the weights being trained, which %s would hold; resume where the checkpoint is, or train "
                    + "into a new --out").formatted(bundleDir, firstAveraged, epoch, file.getFileName()));
        }
        return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false).params();
    }
}
