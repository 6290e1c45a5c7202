package dev.ferstream.model.camera;

import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.model.TrainingStepsTest;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.model.bundle.BundleException;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelBundleTest;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistics per camera: the detector tells the night camera from faces as they are; a bundle with camera.json runs
 * each face on its camera's statistics, on both engines, and a bundle without one runs as before.
 */
class CameraStatisticsTest {
    @Test
    void theDetectorTellsTheNightCameraFromTheFacesAsTheyAre() {
        List<Face> faces = TrainingStepsTest.learnableFaces(400, 3);
        List<byte[]> fit = pixels(faces.subList(0, 200));
        CameraDetector detector = CameraDetector.fit(pixels(CameraShift.NIGHT.apply(faces.subList(0, 200))), fit);
        List<Face> unseen = faces.subList(200, 400);
        double accuracy = detector.accuracy(pixels(CameraShift.NIGHT.apply(unseen)), pixels(unseen));
        assertTrue(accuracy > 0.95, "unseen faces told apart: " + accuracy);
        assertThrows(IllegalArgumentException.class, () -> CameraDetector.fit(List.of(), fit));
    }

    @Test
    void aBundleWithCameraStatisticsRunsEachFaceOnItsCamerasOnBothEngines(@TempDir Path tmp) throws Exception {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName("hw3-cnn").configuration(ArchitectureOptions.defaults()));
        net.init();
        List<Face> faces = TrainingStepsTest.learnableFaces(160, 5);
        List<Face> original = faces.subList(0, 80);
        List<Face> camera = CameraShift.NIGHT.apply(faces.subList(80, 160));
        BatchNormRecalibration.apply(net, original);
        MultiLayerNetwork onCamera = net.clone();
        BatchNormRecalibration.apply(onCamera, camera);
        CameraDetector detector = CameraDetector.fit(pixels(camera), pixels(original));
        Path dir = tmp.resolve("bundle");
        ModelBundle.save(dir, net, ModelBundleTest.metadata("hw3-cnn", net));
        List<byte[]> mixed = List.of(original.get(0).pixels(), camera.get(0).pixels(), original.get(1).pixels(),
                camera.get(1).pixels());
        float[][] before = Engine.DL4J.classifier(ModelBundle.load(dir), TestTimeAugmentation.NONE).probabilities(mixed);
        CameraStatistics.of("night", detector, onCamera).write(dir);

        CameraStatistics read = CameraStatistics.read(dir);
        assertEquals("night", read.camera());
        assertArrayEquals(detector.weights(), read.detector().weights());
        float[][] own = new Classifier(net, false).probabilities(mixed);
        float[][] camera0 = new Classifier(onCamera, false).probabilities(mixed);
        assertFalse(java.util.Arrays.equals(own[1], camera0[1]), "the two sets of statistics differ");
        for (Engine engine : Engine.values()) {
            try (FaceClassifier routed = engine.classifier(ModelBundle.load(dir), TestTimeAugmentation.NONE)) {
                float[][] p = routed.probabilities(mixed);
                for (int i = 0; i < mixed.size(); i++) {
                    float[] expected = i % 2 == 0 ? own[i] : camera0[i]; // originals on their own, the camera's on its
                    assertArrayEquals(expected, p[i], 1e-4f, engine + " face " + i);
                }
            }
        }
        assertArrayEquals(own[1], before[1], 1e-6f, "without camera.json the bundle ran every face on its own");

        Files.writeString(dir.resolve(CameraStatistics.FILE), "{\"camera\":");
        BundleException e = assertThrows(BundleException.class, () -> CameraStatistics.read(dir));
        assertTrue(e.getMessage().contains("camera.json is not readable camera statistics"), e.getMessage());
        assertNull(CameraStatistics.read(tmp));
    }

    private static List<byte[]> pixels(List<Face> faces) {
        return faces.stream().map(Face::pixels).toList();
    }
}
