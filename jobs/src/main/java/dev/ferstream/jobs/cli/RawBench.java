package dev.ferstream.jobs.cli;

import dev.ferstream.data.Face;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.runtime.NativeRuntime;

import java.nio.file.Path;
import java.util.List;

/**
 * The model's raw batched throughput and accuracy on the same faces, with every core to itself (one classifier,
 * one native thread per core): the ceiling the streaming pipeline is measured against, whatever parallelism and
 * threads the job itself uses. The job's subtasks set their own thread cap when they load.
 */
final class RawBench {
    static final int BATCH = 64;

    /** Faces per second and accuracy of the batched run. */
    record Result(double facesPerSecond, double accuracy, int threads) {
    }

    private RawBench() {
    }

    static Result run(List<Face> faces, ModelSettings model) {
        int threads = Runtime.getRuntime().availableProcessors();
        NativeRuntime.configure();
        NativeRuntime.maxThreads(threads);
        try (FaceClassifier classifier = model.engine().classifier(ModelBundle.load(Path.of(model.path())), model.tta(), threads)) {
            List<byte[]> warm = faces.subList(0, Math.min(BATCH, faces.size())).stream().map(Face::pixels).toList();
            classifier.probabilities(warm);
            classifier.probabilities(warm);
            long startNs = System.nanoTime();
            ConfusionMatrix confusion = classifier.confusion(faces, BATCH);
            double seconds = (System.nanoTime() - startNs) / 1e9;
            return new Result(faces.size() / seconds, confusion.accuracy(), threads);
        }
    }
}
