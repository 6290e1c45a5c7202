package dev.ferstream.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.ferstream.model.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported graph lets ONNX Runtime keep a convolutional part in its blocked NCHWc layout: the BatchNorms that are
 * not folded (hw3-cnn's, after ReLU and pooling) are BatchNormalization nodes, which ORT turns into blocked
 * per-channel convolutions, never a broadcast Mul and Add, which made ORT reorder out of the blocked layout and back
 * in around every one. On a CPU where ORT does not use NCHWc (no AVX2) there is no reorder either way.
 */
class OnnxExportLayoutTest {
    @Test
    void hw3CnnsUnfoldedBatchNormsAreBatchNormalizationNodesAndOrtNeverReordersBackIn(@TempDir Path dir) throws Exception {
        byte[] model = OnnxExport.export(ModelBundle.load(Path.of("..", "models", "hw3-cnn")).network(), "hw3-cnn");
        String exported = new String(model, StandardCharsets.ISO_8859_1);
        assertTrue(exported.contains("BatchNormalization"), "hw3-cnn's BatchNorms after pooling stay as nodes");
        assertFalse(exported.contains("Mul"), "no per-channel Mul");

        Path optimized = dir.resolve("optimized.onnx");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setOptimizedModelFilePath(optimized.toString());
            env.createSession(model, options).close();
        }
        String graph = new String(Files.readAllBytes(optimized), StandardCharsets.ISO_8859_1);
        assertTrue(graph.contains("Conv"), "the optimized graph was written");
        assertFalse(graph.contains("ReorderInput"), "ORT reorders into its blocked layout between the convolutions");
    }
}
