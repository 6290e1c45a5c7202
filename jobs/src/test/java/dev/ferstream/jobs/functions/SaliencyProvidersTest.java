package dev.ferstream.jobs.functions;

import dev.ferstream.explain.saliency.GradientSaliency;
import dev.ferstream.explain.saliency.OcclusionSaliency;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.model.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaliencyProvidersTest {
    @Test
    void bothMethodsGiveOneNonNegativeMapPerFace(@TempDir Path dir) {
        ModelBundle bundle = ModelBundle.load(TinyModel.save(dir.resolve("tiny")));
        List<byte[]> faces = List.of(TinyModel.face(1), TinyModel.face(2), TinyModel.face(3));
        for (SaliencyProvider provider : List.of(new GradientSaliency(bundle), new OcclusionSaliency(bundle))) {
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
}
