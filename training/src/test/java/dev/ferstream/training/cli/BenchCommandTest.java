package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferstream.model.bundle.ModelBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferstream bench} on a small network: the keys the peer comparison (bench/peers) reads are all there. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesSpeedSaliencyAndAllocatorKeysShapedLikeThePeers() throws Exception {
        StringBuilder csv = new StringBuilder("label,feature\n");
        Random random = new Random(3);
        for (int i = 0; i < 512; i++) {
            csv.append(i % 7).append(',').append(CliTest.pixels(i % 7, random)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("train.csv"), csv.toString());
        Path out = dir.resolve("bench.json");
        CliTest.Result r = CliTest.run("bench", "--arch", "hw3-dnn", "--iters", "1", "--warmup-seconds", "0",
                "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode json = ModelBundle.json().readTree(Files.readString(out));
        for (String key : List.of("hw3_dnn_train_img_s", "hw3_dnn_infer_bs1_img_s", "hw3_dnn_infer_bs64_img_s",
                "hw3_dnn_infer_bs256_img_s", "hw3_dnn_infer_bs1_p50_ms", "hw3_dnn_saliency_bs1_ms_per_img",
                "hw3_dnn_saliency_bs32_ms_per_img", "hw3_dnn_saliency_occlusion_bs1_ms_per_img")) {
            assertTrue(json.path(key).asDouble() > 0, key + " in " + json);
        }
        for (String engine : List.of("onnx", "dnnl")) { // the commands' default engine is dnnl: both it and ORT alone
            for (String measure : List.of("bs1_img_s", "bs64_img_s", "bs256_img_s", "bs1_p50_ms")) {
                String key = "hw3_dnn_" + engine + "_" + measure;
                assertTrue(json.path(key).asDouble() > 0, key + " in " + json);
            }
        }
        assertEquals(json.path("allocator").asText(), dev.ferstream.training.bench.LoadedAllocator.describe());
        assertFalse(json.has("hw3_cnn_train_img_s"), "only the architectures asked for");
        assertFalse(json.has("hw3_dnn_auto_bs1_img_s"), "auto only when asked for");
    }
}
