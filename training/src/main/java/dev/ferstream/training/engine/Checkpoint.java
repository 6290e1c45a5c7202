package dev.ferstream.training.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A run's checkpoint directory: the trained network with its optimizer state, the weight average, and the
 * {@link TrainingState} saying which epoch they belong to. Long runs here end by being killed, at any moment, so each
 * epoch writes its files under new names ({@code epoch-0012.zip}, {@code average-0012.bin}), then replaces
 * {@code state.json} atomically, then deletes the previous epoch's files: {@code state.json} only ever names files
 * that were completely written, and a resumed run never pairs one epoch's weights with another's bookkeeping.
 * Checkpoints written before this layout ({@code checkpoint.zip}, {@code average.bin}) are still read.
 */
public final class Checkpoint {
    public static final String DIR = "checkpoint";
    static final String STATE = "state.json";
    private static final String LEGACY_WEIGHTS = "checkpoint.zip";
    private static final String LEGACY_AVERAGE = "average.bin";
    private static final ObjectMapper JSON = ModelBundle.json();

    private final Path dir;

    private Checkpoint(Path dir) {
        this.dir = dir;
    }

    /** The checkpoint of the run whose bundle is (or will be) {@code out}. */
    public static Checkpoint of(Path out) {
        return new Checkpoint(out.resolve(DIR));
    }

    Path dir() {
        return dir;
    }

    /** Whether a finished epoch was checkpointed here (its state is the last file an epoch writes). */
    boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    public TrainingState readState() {
        try {
            return JSON.readValue(dir.resolve(STATE).toFile(), TrainingState.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume: " + dir.resolve(STATE) + " is not a training state: " + e.getMessage(), e);
        }
    }

    /** The trained network (with its updater state) of the epoch {@code state} names. */
    MultiLayerNetwork readNetwork(TrainingState state) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(networkFile(state).toFile(), true);
    }

    /** The weight average the state counts, or null when it counts none. */
    ParameterAverage readAverage(TrainingState state) throws IOException {
        if (state.averagedEpochs() == 0) {
            return null;
        }
        return ParameterAverage.load(existing(averageFile(state.epochsDone()), LEGACY_AVERAGE, state), state.averagedEpochs());
    }

    /** The file that holds the trained network of {@code state}'s epoch (for tests and inspection). */
    public Path networkFile(TrainingState state) {
        return existing(weightsFile(state.epochsDone()), LEGACY_WEIGHTS, state);
    }

    /** Checkpoints an epoch: its files first, then the state that names them, then the older files go. */
    void write(MultiLayerNetwork net, TrainingState state, ParameterAverage average) {
        try {
            Files.createDirectories(dir);
            Path weights = weightsFile(state.epochsDone());
            ModelBundle.writeNetwork(net, weights, true);
            Path averaged = null;
            if (average != null) {
                averaged = averageFile(state.epochsDone());
                average.save(averaged);
            }
            ModelBundle.writeAtomically(dir.resolve(STATE), tmp -> JSON.writeValue(tmp, state));
            deleteAllBut(weights, averaged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
        }
    }

    private Path weightsFile(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "epoch-%04d.zip", epoch));
    }

    private Path averageFile(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "average-%04d.bin", epoch));
    }

    private Path existing(Path current, String legacyName, TrainingState state) {
        if (Files.isRegularFile(current)) {
            return current;
        }
        Path legacy = dir.resolve(legacyName);
        if (Files.isRegularFile(legacy)) {
            return legacy;
        }
        throw new IllegalArgumentException("--resume: " + current + " is missing: " + dir.resolve(STATE) + " says epoch "
                + state.epochsDone() + " was checkpointed there");
    }

    private void deleteAllBut(Path weights, Path averaged) throws IOException {
        // *.tmp: a write the kill interrupted; with per-epoch names the next write would not reuse (and replace) it
        StaleFiles.deleteExcept(dir, "{epoch-*.zip,average-*.bin,*.tmp," + LEGACY_WEIGHTS + "," + LEGACY_AVERAGE + "}",
                weights, averaged);
    }
}
