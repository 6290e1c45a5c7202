package dev.ferstream.model.camera;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.FaceClassifier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bundle with {@link CameraStatistics}: each face goes to the network with the original statistics or to the one
 * with the camera's, as the detector says, and the probabilities come back in the faces' order. Both networks share
 * their weights; only BatchNorm's statistics differ.
 */
public final class CameraRoutedClassifier implements FaceClassifier {
    private final FaceClassifier original;
    private final FaceClassifier camera;
    private final CameraDetector detector;

    public CameraRoutedClassifier(FaceClassifier original, FaceClassifier camera, CameraDetector detector) {
        this.original = original;
        this.camera = camera;
        this.detector = detector;
    }

    /**
     * {@code base} as it is for a bundle without camera statistics, else routed: {@code onCamera} builds the
     * classifier for the bundle's network with the camera's statistics (the engine's own way).
     */
    public static FaceClassifier of(ModelBundle bundle, FaceClassifier base,
                                    Function<MultiLayerNetwork, FaceClassifier> onCamera) {
        // an imported graph has no DL4J network to give other statistics, a bundle built in memory no folder
        CameraStatistics statistics = bundle.imported() || bundle.dir() == null ? null : CameraStatistics.read(bundle.dir());
        if (statistics == null) {
            return base;
        }
        return new CameraRoutedClassifier(base, onCamera.apply(statistics.applyTo(bundle.network())),
                statistics.detector());
    }

    @Override
    public float[][] probabilities(List<byte[]> faces) {
        List<Integer> toCamera = new ArrayList<>();
        List<Integer> toOriginal = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            (detector.camera(faces.get(i)) ? toCamera : toOriginal).add(i);
        }
        float[][] out = new float[faces.size()][];
        fill(out, faces, toOriginal, original);
        fill(out, faces, toCamera, camera);
        return out;
    }

    private static void fill(float[][] out, List<byte[]> faces, List<Integer> which, FaceClassifier classifier) {
        if (which.isEmpty()) {
            return;
        }
        float[][] p = classifier.probabilities(which.stream().map(faces::get).toList());
        for (int k = 0; k < p.length; k++) {
            out[which.get(k)] = p[k];
        }
    }

    @Override
    public void close() {
        try {
            original.close();
        } finally {
            camera.close();
        }
    }
}
