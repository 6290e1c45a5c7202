package dev.ferstream.model.bundle;

import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.arch.Hw3Dnn;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.TestTimeAugmentation;

import dev.ferstream.data.TestFaces;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ModelBundleTest {
    @TempDir
    Path dir;

    public static ModelMetadata metadata(String arch, MultiLayerNetwork net) {
        ModelSummary s = ModelSummary.of(Architectures.byName(arch), net);
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, arch, Emotion.labels(), "pixel/255", s.totalParams(),
                s.trainableParams(), s.nonTrainableParams(), "sha256:test", 10, 2, 1, 1, 0.5, 1.0, 10.0,
                new TrainingSettings("adam", 1e-3, "constant", 5e-4, 8, "none", "none", 0, "last:2", 1, 1, 0, 0), "test",
                "2026-01-01T00:00:00Z");
    }

    private static MultiLayerNetwork trainedDnn() {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new Hw3Dnn().configuration(ArchitectureOptions.defaults()));
        net.init();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 2304);
        INDArray y = Nd4j.zeros(16, 7);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 7, 1);
        }
        net.fit(new DataSet(x, y)); // moves the BN running statistics away from their initial values
        return net;
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs() {
        MultiLayerNetwork net = trainedDnn();
        ModelBundle.save(dir, net, metadata("hw3-dnn", net));
        ModelBundle loaded = ModelBundle.load(dir);
        assertEquals("hw3-dnn", loaded.metadata().architecture());
        List<byte[]> faces = List.of(TestFaces.pixels(1), TestFaces.pixels(2), TestFaces.pixels(3));
        float[][] before = new Classifier(net, false).probabilities(faces);
        float[][] after = new Classifier(loaded.network(), false).probabilities(faces);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], 0f);
            float sum = 0;
            for (float p : after[i]) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void missingBundleIsNamed() {
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void corruptWeightsAreReported() throws Exception {
        MultiLayerNetwork net = trainedDnn();
        ModelBundle.save(dir, net, metadata("hw3-dnn", net));
        Files.write(dir.resolve(ModelBundle.WEIGHTS), new byte[]{1, 2, 3});
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void corruptMetadataIsReported() throws Exception {
        MultiLayerNetwork net = trainedDnn();
        ModelBundle.save(dir, net, metadata("hw3-dnn", net));
        Files.writeString(dir.resolve(ModelBundle.METADATA), "{not json");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("model.json is not valid metadata"), e.getMessage());
    }

    @Test
    void incompatibleArchitectureIsReported() throws Exception {
        MultiLayerNetwork net = trainedDnn();
        ModelMetadata wrong = metadata("hw3-dnn", net);
        ModelBundle.save(dir, net, new ModelMetadata(wrong.formatVersion(), "hw3-cnn", wrong.labels(), wrong.inputScaling(),
                2_209_059, 0, 0, "", 0, 0, 0, 0, 0, 0, 0, wrong.training(), "", ""));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("parameters but model.json says 2209059"), e.getMessage());
    }

    @Test
    void testTimeAugmentationAveragesFaceAndMirror() {
        MultiLayerNetwork net = trainedDnn();
        byte[] face = TestFaces.pixels(9);
        byte[] mirror = new byte[2304];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                mirror[y * 48 + x] = face[y * 48 + 47 - x];
            }
        }
        float[][] plain = new Classifier(net, false).probabilities(List.of(face, mirror));
        float[] tta = new Classifier(net, true).probabilities(List.of(face))[0];
        for (int c = 0; c < 7; c++) {
            assertEquals((plain[0][c] + plain[1][c]) / 2, tta[c], 1e-5);
        }
    }

    @Test
    void shiftsAugmentationAveragesTenHandMadeViews() {
        MultiLayerNetwork net = trainedDnn();
        byte[] face = TestFaces.pixels(11);
        List<byte[]> views = new java.util.ArrayList<>();
        for (int[] d : new int[][]{{0, 0}, {-2, 0}, {2, 0}, {0, -2}, {0, 2}}) {
            for (boolean mirror : new boolean[]{false, true}) {
                byte[] view = new byte[2304];
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 48; x++) {
                        // moved right by dx and down by dy: the pixel at (x, y) comes from (x - dx, y - dy), clamped
                        int sx = Math.max(0, Math.min(47, x - d[0]));
                        int sy = Math.max(0, Math.min(47, y - d[1]));
                        view[y * 48 + x] = face[sy * 48 + (mirror ? 47 - sx : sx)];
                    }
                }
                views.add(view);
            }
        }
        float[][] plain = new Classifier(net, TestTimeAugmentation.NONE).probabilities(views);
        float[] averaged = new Classifier(net, TestTimeAugmentation.SHIFTS).probabilities(List.of(face))[0];
        for (int c = 0; c < 7; c++) {
            double mean = 0;
            for (float[] p : plain) {
                mean += p[c] / plain.length;
            }
            assertEquals(mean, averaged[c], 1e-5);
        }
        assertTrue(java.util.Arrays.stream(plain).anyMatch(p -> Math.abs(p[0] - plain[0][0]) > 1e-4), "the views differ");
    }
}
