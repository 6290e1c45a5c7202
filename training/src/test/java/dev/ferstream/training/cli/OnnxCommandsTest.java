package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** export, import and --engine end to end through the command line. */
class OnnxCommandsTest {
    static final Path HW3_DNN = Path.of("..", "models", "hw3-dnn");
    static final Path FOREIGN = Path.of("..", "model-lib", "src", "test", "resources", "onnx");

    @Test
    void exportWritesAGraphThatMatchesDl4j(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("out").resolve("hw3-dnn.onnx");
        CliTest.Result r = CliTest.run("export", "--model", HW3_DNN.toString(), "--onnx", file.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("wrote (\\S+) \\(hw3-dnn, ([0-9,]+) bytes, ONNX IR 9, opset 17\\); ONNX Runtime vs"
                + " DL4J on 32 faces: max abs diff (\\S+)\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(file.toString(), m.group(1));
        assertEquals(Files.size(file), Long.parseLong(m.group(2).replace(",", "")));
        assertTrue(Double.parseDouble(m.group(3)) <= 1e-4, r.out());
    }

    @Test
    void evaluateGivesTheSameResultOnBothEngines() throws Exception {
        Path data = CompareCommandTest.testCsv();
        assumeTrue(data != null, "FER2013 test set not found");
        JsonNode dl4j = evaluate(HW3_DNN, data, "dl4j");
        JsonNode onnx = evaluate(HW3_DNN, data, "onnx");
        assertEquals(3589, onnx.get("n").asInt());
        assertEquals(dl4j.get("accuracy").asDouble(), onnx.get("accuracy").asDouble(), 1.0 / 3589, "at most one face flips");
        assertTrue(dl4j.get("accuracy").asDouble() > 0.4, "a trained model: " + dl4j);
    }

    @Test
    void anImportedGraphIsEvaluatedLikeABundleAndAMisfitIsRefused(@TempDir Path tmp) throws Exception {
        Path bundle = tmp.resolve("imported");
        CliTest.Result r = CliTest.run("import", "--onnx", FOREIGN.resolve("tiny-nhwc.onnx").toString(), "--out",
                bundle.toString(), "--scale", "signed", "--output", "logits");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("imported " + FOREIGN.resolve("tiny-nhwc.onnx") + " into " + bundle
                + ": pixel*0.007843138+-1.0, row-major 48x48, 1 channel, NHWC, logits (softmax applied)"), r.out());
        assertTrue(Files.isRegularFile(bundle.resolve("model.onnx")) && Files.isRegularFile(bundle.resolve("onnx.json")));

        Path data = CompareCommandTest.testCsv();
        if (data != null) {
            JsonNode result = evaluate(bundle, data, "dl4j");
            assertEquals(3589, result.get("n").asInt());
        }
        // analyze where gradients allow: confusion, misclassified faces and occlusion saliency on ONNX Runtime, beside
        // a DL4J bundle paired face by face; no filters or gradient methods for the graph
        Path report = tmp.resolve("report");
        CliTest.Result analyze = CliTest.run("analyze", "--model", bundle.toString(), "--compare", HW3_DNN.toString(),
                "--data", AnalyzeCommandTest.fer2013(tmp, true).toString(), "--out", report.toString(), "--deletion-steps", "4");
        assertEquals(0, analyze.code(), analyze.err());
        for (String file : AnalyzeCommand.expectedFiles(List.of("imported", "hw3-dnn"), List.of())) {
            assertTrue(Files.isRegularFile(report.resolve(file)), "missing " + file);
        }
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("imported is imported from ONNX (no DL4J weights): saliency by occlusion only"), md);
        assertTrue(md.contains("| occlusion |") && !md.contains("| gradient |"), md);
        assertTrue(md.contains("? (imported ONNX graph)"), md);
        assertTrue(md.contains("Paired comparison (McNemar)"), md);
        try (var files = Files.list(report)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("filters-")), "no filters for a graph");
        }
        CliTest.Result unlabelled = CliTest.run("analyze", "--model", bundle.toString(), "--data",
                AnalyzeCommandTest.fer2013(tmp.resolve("u"), false).toString(), "--out", tmp.resolve("r2").toString());
        assertEquals(2, unlabelled.code());
        assertEquals("ferstream analyze: error: " + bundle + " is imported from ONNX: it has no validation split here,"
                + " so the report needs a labelled test set (test.csv.gz with labels, or test_labels.csv beside it)\n",
                unlabelled.err());

        Path wrong = FOREIGN.resolve("wrong-input.onnx");
        CliTest.Result refused = CliTest.run("import", "--onnx", wrong.toString(), "--out", tmp.resolve("no").toString());
        assertEquals(2, refused.code());
        assertEquals("ferstream import: error: " + wrong + ": input 'x' is [-1, 3, 32, 32]; expected [N, 1, 48, 48]"
                + " or [N, 48, 48, 1]\n", refused.err());
        assertFalse(Files.exists(tmp.resolve("no")));
    }

    @Test
    void anUnknownEngineIsAUsageError() {
        CliTest.Result r = CliTest.run("evaluate", "--model", HW3_DNN.toString(), "--engine", "gpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("engine 'gpu' is not one of [dl4j, onnx, dnnl, auto]"), r.err());
    }

    private static JsonNode evaluate(Path model, Path data, String engine) throws Exception {
        CliTest.Result r = CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--engine",
                engine, "--json");
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }
}
