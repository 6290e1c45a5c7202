package dev.ferstream.explain.saliency;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.model.bundle.ModelBundle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Occlusion sensitivity, the model-agnostic alternative to {@link GradientSaliency} ({@code saliency.method=occlusion};
 * it was the stand-in before {@code SaliencyMaps} existed). Each face is copied once per {@code patch x patch} square with the
 * square painted mid-grey, all copies go through the network in one batched forward pass, and every pixel of a square
 * gets |p(class | face) - p(class | face with the square hidden)|. 36 forward rows per face for 8x8 patches: far
 * cheaper than per-pixel finite differences (2,304 rows), coarser than a gradient. Method name "occlusion" (it was "occlusion-8x8"; the name is now
 * the {@code saliency.method} value, see {@link SaliencyMethods}).
 */
public final class OcclusionSaliency implements SaliencyProvider {
    public static final String METHOD = "occlusion";
    public static final int PATCH = 8;
    private static final byte GREY = (byte) 128;

    private final FaceClassifier classifier;

    /**
     * Runs on {@code engine} with {@code threads} (ONNX Runtime's intra-op threads; DL4J's are the native runtime's),
     * the serving model's, so the stream's maps cost what its classification costs; a bundle imported from ONNX (no
     * DL4J network) always runs on ONNX Runtime.
     */
    public OcclusionSaliency(ModelBundle bundle, Engine engine, int threads) {
        this.classifier = engine.classifier(bundle, TestTimeAugmentation.NONE, threads);
    }

    @Override
    public void close() {
        classifier.close();
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public float[][] maps(List<byte[]> faces, int[] classes) {
        int side = Architecture.SIDE;
        int perSide = side / PATCH;
        int patches = perSide * perSide;
        List<byte[]> rows = new ArrayList<>(faces.size() * (patches + 1));
        for (byte[] face : faces) {
            rows.add(face);
            for (int py = 0; py < perSide; py++) {
                for (int px = 0; px < perSide; px++) {
                    byte[] occluded = face.clone();
                    for (int y = py * PATCH; y < (py + 1) * PATCH; y++) {
                        Arrays.fill(occluded, y * side + px * PATCH, y * side + (px + 1) * PATCH, GREY);
                    }
                    rows.add(occluded);
                }
            }
        }
        float[][] probabilities = classifier.probabilities(rows);
        float[][] maps = new float[faces.size()][Architecture.PIXELS];
        for (int f = 0; f < faces.size(); f++) {
            int base = f * (patches + 1);
            float original = probabilities[base][classes[f]];
            for (int p = 0; p < patches; p++) {
                float drop = Math.abs(original - probabilities[base + 1 + p][classes[f]]);
                int py = p / perSide;
                int px = p % perSide;
                for (int y = py * PATCH; y < (py + 1) * PATCH; y++) {
                    Arrays.fill(maps[f], y * side + px * PATCH, y * side + (px + 1) * PATCH, drop);
                }
            }
        }
        return maps;
    }
}
