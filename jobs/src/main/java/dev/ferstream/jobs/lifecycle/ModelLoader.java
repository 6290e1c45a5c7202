package dev.ferstream.jobs.lifecycle;

import dev.ferstream.jobs.registry.VersionFetcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Fetches, verifies, loads and warms up model versions for one subtask on its own thread, at the lowest CPU
 * priority ({@link BackgroundPriority}), so a load of several seconds never stalls the faces behind it; the subtask
 * swaps the result in between two faces or batches.
 *
 * <p>Registry versions are copied into a private folder and checked against their manifest before DL4J reads a
 * byte; the {@link Opener} then applies the model's own checks (labels, architecture, parameter count) and one
 * forward pass, so a network with another input shape fails here rather than on a face.
 */
public final class ModelLoader<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    /** Turns a verified local bundle folder into the thing the operator serves with, warmed up. */
    @FunctionalInterface
    public interface Opener<T> extends Serializable {
        T open(Path bundle);
    }

    private final Opener<T> opener;
    private final Path workDir;
    private final ExecutorService executor;

    public ModelLoader(Opener<T> opener, String owner) {
        this.opener = opener;
        try {
            this.workDir = Files.createTempDirectory("ferstream-models-" + owner.replaceAll("[^A-Za-z0-9-]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a local folder for model versions", e);
        }
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                BackgroundPriority.lowerCurrentThread(); // loads take idle CPU, not the faces' share
                r.run();
            }, "model-loader " + owner);
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads on the caller's thread: the start model, which the subtask cannot work without. */
    public LoadedModel<T> loadNow(ModelRef ref) {
        long start = System.nanoTime();
        T model = opener.open(localCopy(ref));
        return new LoadedModel<>(ref, model, (System.nanoTime() - start) / 1e9);
    }

    /** Loads on the loader thread; the future fails with the reason when the version must not serve. */
    public CompletableFuture<LoadedModel<T>> load(ModelRef ref) {
        return CompletableFuture.supplyAsync(() -> loadNow(ref), executor);
    }

    private Path localCopy(ModelRef ref) {
        if (!ref.verified()) {
            return Path.of(ref.uri());
        }
        Path dir = workDir.resolve(ref.name() + "-" + ref.version() + "-" + ref.manifestSha256().substring(0, 12));
        try {
            return VersionFetcher.fetch(ref.uri(), ref.manifestSha256(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(ref.uri() + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", workDir, e.getMessage());
        }
    }
}
