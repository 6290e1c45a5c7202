package dev.ferstream.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.bundle.BundleException;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A model trained elsewhere (PyTorch, Keras, ...) becomes a bundle: {@code model.onnx} (the graph, unchanged),
 * {@code onnx.json} (its {@link OnnxSignature}) and {@code model.json} (architecture {@code onnx}). Why checked here,
 * not at serving time: a graph that does not take one 48x48 grey face or does not give seven scores would otherwise
 * fail deep inside the first batch of the stream; ONNX Runtime reads the graph's declared shapes, and a graph is
 * refused with one line saying what it found.
 */
public final class OnnxImport {
    private static final long ANY = -1;

    private OnnxImport() {
    }

    /** What the user states about the graph: scaling, output kind and output labels. */
    public record Options(float multiply, float add, boolean logits, List<String> labels) {
    }

    /**
     * Checks the graph and writes the bundle into {@code out} (created; an existing {@code model.onnx} there is
     * replaced).
     *
     * @throws IllegalArgumentException naming the file and what its input or output is, when it does not fit
     */
    public static ModelMetadata importModel(Path onnxFile, Options options, Path out) throws IOException {
        if (!Files.isRegularFile(onnxFile)) {
            throw new IllegalArgumentException(onnxFile + ": no such file");
        }
        byte[] bytes = Files.readAllBytes(onnxFile);
        OnnxSignature signature = inspect(onnxFile, bytes, options);
        checkRows(onnxFile, bytes, signature);
        Files.createDirectories(out);
        ModelMetadata metadata = metadata(onnxFile, signature);
        ModelBundle.writeAtomically(out.resolve(OnnxClassifier.MODEL_FILE), f -> Files.write(f.toPath(), bytes));
        ModelBundle.writeAtomically(out.resolve(ModelBundle.ONNX_IMPORT), f -> ModelBundle.json().writeValue(f, signature));
        ModelBundle.writeMetadata(out, metadata);
        return metadata;
    }

    /** The signature recorded in an imported bundle's {@code onnx.json}, else {@link OnnxSignature#EXPORTED}. */
    public static OnnxSignature signatureOf(Path bundleDir) {
        Path file = bundleDir.resolve(ModelBundle.ONNX_IMPORT);
        if (!Files.isRegularFile(file)) {
            return OnnxSignature.EXPORTED;
        }
        try {
            return ModelBundle.json().readValue(file.toFile(), OnnxSignature.class);
        } catch (IOException e) {
            throw new BundleException(bundleDir, ModelBundle.ONNX_IMPORT + " is not valid: " + e.getMessage(), e);
        }
    }

    /** The graph's one float input and output, checked against a face in and seven scores out. */
    static OnnxSignature inspect(Path file, byte[] bytes, Options options) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = OnnxModels.open(env, bytes, 1)) {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1 || outputs.size() != 1) {
                throw refused(file, "has " + inputs.size() + " inputs and " + outputs.size() + " outputs; expected 1 and 1");
            }
            String input = inputs.keySet().iterator().next();
            long[] in = floatShape(file, "input '" + input + "'", inputs.get(input));
            long[] result = floatShape(file, "output", outputs.values().iterator().next());
            boolean channelsLast = layout(file, input, in);
            if (!fits(result, new long[]{ANY, Emotion.COUNT})) {
                throw refused(file, "output is " + Arrays.toString(result) + "; expected [N, " + Emotion.COUNT + "]");
            }
            return new OnnxSignature(input, channelsLast, options.multiply(), options.add(), options.logits(), options.labels());
        } catch (OrtException e) {
            throw refused(file, "ONNX Runtime cannot read its inputs and outputs: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : refused(file, e.getMessage());
        }
    }

    /**
     * Runs two faces: a graph declared as giving probabilities must give rows that sum to 1, else it most likely ends
     * before its softmax and the user meant logits.
     */
    private static void checkRows(Path file, byte[] bytes, OnnxSignature signature) {
        if (signature.logits()) {
            return;
        }
        List<byte[]> faces = List.of(new byte[Architecture.PIXELS], filled((byte) 0x80));
        try (OnnxClassifier classifier = new OnnxClassifier(bytes, signature,
                dev.ferstream.model.inference.TestTimeAugmentation.NONE, 1)) {
            for (float[] row : classifier.probabilities(faces)) {
                double sum = 0;
                for (float p : row) {
                    sum += p;
                }
                if (Math.abs(sum - 1) > 1e-3) {
                    throw refused(file, "output rows sum to " + (float) sum + ", not 1: if the graph ends before its"
                            + " softmax, import it with --output logits");
                }
            }
        }
    }

    private static byte[] filled(byte value) {
        byte[] pixels = new byte[Architecture.PIXELS];
        Arrays.fill(pixels, value);
        return pixels;
    }

    /** False for [N, 1, 48, 48], true for [N, 48, 48, 1]; anything else is refused. */
    private static boolean layout(Path file, String input, long[] shape) {
        int side = Architecture.SIDE;
        if (shape.length > 0 && shape[0] != ANY) {
            throw refused(file, "input '" + input + "' is " + Arrays.toString(shape) + ": its batch dimension is fixed"
                    + " at " + shape[0] + "; expected a symbolic batch, [N, 1, 48, 48] or [N, 48, 48, 1]");
        }
        if (fits(shape, new long[]{ANY, 1, side, side})) {
            return false;
        }
        if (fits(shape, new long[]{ANY, side, side, 1})) {
            return true;
        }
        throw refused(file, "input '" + input + "' is " + Arrays.toString(shape) + "; expected [N, 1, 48, 48] or [N, 48, 48, 1]");
    }

    private static long[] floatShape(Path file, String what, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw refused(file, what + " is " + node.getInfo() + "; expected a float tensor");
        }
        return tensor.getShape();
    }

    /** Same rank, and every fixed dimension equal; a symbolic dimension (-1) fits only the batch. */
    private static boolean fits(long[] shape, long[] expected) {
        if (shape.length != expected.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (expected[i] != ANY && shape[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException refused(Path file, String what) {
        return new IllegalArgumentException(file + ": " + what);
    }

    private static ModelMetadata metadata(Path file, OnnxSignature signature) {
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, ModelBundle.IMPORTED_ARCHITECTURE, Emotion.labels(),
                signature.describeScaling(), 0, 0, 0, "imported:" + file.getFileName(), 0, 0, 0, 0, 0, 0, 0,
                null, null, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
