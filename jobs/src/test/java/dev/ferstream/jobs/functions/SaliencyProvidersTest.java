package dev.ferstream.jobs.functions;

import dev.ferstream.explain.saliency.GradientSaliency;
import dev.ferstream.explain.saliency.OcclusionSaliency;
import dev.ferstream.explain.saliency.SaliencyMethods;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.explain.saliency.SmoothGradSaliency;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaliencyProvidersTest {
    @Test
    void everyMethodGivesOneNonNegativeMapPerFace(@TempDir Path dir) {
        ModelBundle bundle = ModelBundle.load(TinyModel.save(dir.resolve("tiny")));
        List<byte[]> faces = List.of(TinyModel.face(1), TinyModel.face(2), TinyModel.face(3));
        for (SaliencyProvider provider : List.of(new GradientSaliency(bundle), new SmoothGradSaliency(bundle), new OcclusionSaliency(bundle, Engine.DL4J, 1))) {
            float[][] maps = provider.maps(faces, new int[]{0, 3, 6});
            assertEquals(3, maps.length, provider.method());
            for (float[] map : maps) {
                assertEquals(2304, map.length);
                double sum = 0;
                for (float v : map) {
                    assertTrue(v >= 0 && Float.isFinite(v), provider.method() + " value " + v);
                    sum += v;
                }
                assertTrue(sum > 0, provider.method() + " map is all zero");
            }
        }
    }

    /** The names saliency.method accepts are the names the providers write into their records. */
    @Test
    void methodNamesAreTheConfigValues(@TempDir Path dir) {
        ModelBundle bundle = ModelBundle.load(TinyModel.save(dir.resolve("tiny")));
        assertEquals(List.of("gradient", "smoothgrad", "occlusion"), SaliencyMethods.NAMES);
        for (String name : SaliencyMethods.NAMES) {
            assertEquals(name, SaliencyMethods.factory(name).create(bundle).method());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SaliencyMethods.factory("lime"));
        assertEquals("saliency.method must be one of gradient, smoothgrad, occlusion, got 'lime'", e.getMessage());
    }

    /**
     * Occlusion runs on the serving model's engine (the stream passes model.engine): on ONNX Runtime its maps are
     * DL4J's to 1e-4, like the probabilities they are differences of (hw3-cnn: a network both engines run).
     */
    @Test
    void occlusionOnOnnxRuntimeGivesDl4jsMaps() {
        ModelBundle bundle = ModelBundle.load(Path.of("..", "models", "hw3-cnn"));
        List<byte[]> faces = List.of(TinyModel.face(1), TinyModel.face(5));
        try (SaliencyProvider dl4j = SaliencyMethods.factory("occlusion").create(bundle, Engine.DL4J, 1);
             SaliencyProvider onnx = SaliencyMethods.factory("occlusion").create(bundle, Engine.ONNX, 1)) {
            float[][] a = dl4j.maps(faces, new int[]{3, 6});
            float[][] b = onnx.maps(faces, new int[]{3, 6});
            double largest = 0;
            for (int f = 0; f < faces.size(); f++) {
                assertArrayEquals(a[f], b[f], 1e-4f, "face " + f);
                for (float v : a[f]) {
                    largest = Math.max(largest, v);
                }
            }
            assertTrue(largest > 1e-3, "the maps are not all zero: " + largest);
        }
    }

    @Test
    void smoothGradIsReproducible(@TempDir Path dir) {
        ModelBundle bundle = ModelBundle.load(TinyModel.save(dir.resolve("tiny")));
        List<byte[]> faces = List.of(TinyModel.face(4));
        assertArrayEquals(new SmoothGradSaliency(bundle).maps(faces, new int[]{2})[0], new SmoothGradSaliency(bundle).maps(faces, new int[]{2})[0]);
    }
}
