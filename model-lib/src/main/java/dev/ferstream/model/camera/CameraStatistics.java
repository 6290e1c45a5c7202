package dev.ferstream.model.camera;

import dev.ferstream.model.bundle.BundleException;
import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second set of BatchNorm statistics that a bundle carries for one camera ({@value #FILE}), and the detector that
 * says which faces are that camera's. The bundle's own statistics stay those of the original faces.
 *
 * <p>Why: after a camera change, BatchNorm statistics are what moves (bench/loop/study: the champion with statistics
 * from the new camera's faces recovered 0.63 of that camera's loss without any training, and lost 0.14 on the
 * original faces). One set of statistics for both cameras trades one against the other; two sets, chosen per face,
 * serve each camera with its own and leave the original faces exactly as the weights alone would.
 *
 * @param camera   the camera's name (for people: which feedback it came from)
 * @param detector which faces get these statistics
 * @param layers   per BatchNorm layer, the statistics (the bundle network's other parameters are shared)
 */
public record CameraStatistics(String camera, CameraDetector detector, List<Layer> layers) {
    public static final String FILE = "camera.json";

    /**
     * One BatchNorm layer's statistics.
     *
     * @param index     the layer's index in the network
     * @param spreadKey {@code var} or {@code log10stdev}, as the layer stores its spread
     */
    public record Layer(int index, String spreadKey, float[] mean, float[] spread) {
    }

    public CameraStatistics {
        layers = List.copyOf(layers);
    }

    /** The statistics {@code net}'s BatchNorm layers hold now (after recalibrating a copy on the camera's faces). */
    public static CameraStatistics of(String camera, CameraDetector detector, MultiLayerNetwork net) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) instanceof BatchNormalization) {
                Map<String, INDArray> p = net.getLayer(i).paramTable();
                String spread = p.containsKey("var") ? "var" : "log10stdev";
                layers.add(new Layer(i, spread, p.get("mean").toFloatVector(), p.get(spread).toFloatVector()));
            }
        }
        return new CameraStatistics(camera, detector, layers);
    }

    /** A copy of {@code net} with these statistics; {@code net} is untouched. */
    public MultiLayerNetwork applyTo(MultiLayerNetwork net) {
        MultiLayerNetwork copy = net.clone();
        for (Layer layer : layers) {
            org.deeplearning4j.nn.api.Layer target = copy.getLayer(layer.index());
            if (!(target instanceof BatchNormalization)) {
                throw new IllegalArgumentException(FILE + ": layer " + layer.index() + " is not a BatchNorm layer");
            }
            set(target, "mean", layer.mean());
            set(target, layer.spreadKey(), layer.spread());
        }
        return copy;
    }

    private static void set(org.deeplearning4j.nn.api.Layer target, String key, float[] values) {
        INDArray current = target.getParam(key);
        if (current == null || current.length() != values.length) {
            throw new IllegalArgumentException(FILE + ": layer " + target.getIndex() + " has no " + key + " of "
                    + values.length + " values");
        }
        target.setParam(key, Nd4j.createFromArray(values).reshape(current.shape()).castTo(current.dataType()));
    }

    /** The statistics in bundle {@code dir}, or null when it has none. */
    public static CameraStatistics read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ModelBundle.json().readValue(file.toFile(), CameraStatistics.class);
        } catch (IOException | RuntimeException e) {
            throw new BundleException(dir, FILE + " is not readable camera statistics: " + e.getMessage(), e);
        }
    }

    /** Writes them into bundle {@code dir}. */
    public void write(Path dir) throws IOException {
        ModelBundle.writeAtomically(dir.resolve(FILE), tmp -> ModelBundle.json().writeValue(tmp, this));
    }
}
