package dev.ferstream.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.bundle.BundleException;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The ONNX Runtime engine: one {@link OrtSession} per classifier (CPU, intra-op threads as given, inter-op 1,
 * sequential, every graph optimisation: ORT fuses Conv+ReLU and prepacks weights once into its blocked layout).
 * The input is written into one direct buffer that grows with the batch and is reused, so ORT reads it in place.
 * Not thread-safe; close it to free the session.
 */
public final class OnnxClassifier implements FaceClassifier {
    /** The bundle file an exported or imported graph lives in. */
    public static final String MODEL_FILE = "model.onnx";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final OnnxSignature signature;
    private final TestTimeAugmentation tta;
    private final int[] columns;
    private final float[] face = new float[Architecture.PIXELS];
    private FloatBuffer input = FloatBuffer.allocate(0);

    public OnnxClassifier(byte[] model, OnnxSignature signature, TestTimeAugmentation tta, int threads) {
        this.signature = signature;
        this.tta = tta;
        this.columns = signature.columns();
        this.session = OnnxModels.open(env, model, threads);
    }

    /**
     * The bundle's {@value #MODEL_FILE} if it has one (imported, or exported after the weights were last written),
     * else its network exported now: a {@value #MODEL_FILE} older than {@code model.zip} is stale (the bundle was
     * trained or recalibrated since) and is not used.
     */
    public static OnnxClassifier forBundle(ModelBundle bundle, TestTimeAugmentation tta, int threads) {
        Path file = bundle.dir().resolve(MODEL_FILE);
        try {
            byte[] model = usable(bundle, file) ? Files.readAllBytes(file)
                    : OnnxExport.export(bundle.network(), bundle.metadata().architecture());
            return new OnnxClassifier(model, OnnxImport.signatureOf(bundle.dir()), tta, threads);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new BundleException(bundle.dir(), "cannot run " + MODEL_FILE + ": " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime on {@code net} (the bundle's network with other BatchNorm statistics), exported in memory. */
    public static OnnxClassifier forNetwork(MultiLayerNetwork net, ModelBundle bundle, TestTimeAugmentation tta,
                                            int threads) {
        return new OnnxClassifier(OnnxExport.export(net, bundle.metadata().architecture()),
                OnnxImport.signatureOf(bundle.dir()), tta, threads);
    }

    private static boolean usable(ModelBundle bundle, Path file) throws java.io.IOException {
        if (bundle.imported()) {
            return true;
        }
        Path weights = bundle.dir().resolve(ModelBundle.WEIGHTS);
        return Files.isRegularFile(file) && (!Files.isRegularFile(weights)
                || Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(weights)) >= 0);
    }

    @Override
    public float[][] probabilities(List<byte[]> faces) {
        int n = faces.size();
        if (n == 0) {
            return new float[0][];
        }
        float[][] sum = new float[n][Emotion.COUNT];
        for (TestTimeAugmentation.View view : tta.views()) {
            float[][] probs = run(fill(faces, view), n);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < Emotion.COUNT; c++) {
                    sum[i][c] += probs[i][columns[c]];
                }
            }
        }
        int views = tta.views().size();
        if (views > 1) {
            for (float[] row : sum) {
                for (int c = 0; c < row.length; c++) {
                    row[c] /= views;
                }
            }
        }
        return sum;
    }

    /** Scales one view of every face into the reused input buffer; returns it positioned over the batch. */
    private FloatBuffer fill(List<byte[]> faces, TestTimeAugmentation.View view) {
        int size = faces.size() * Architecture.PIXELS;
        if (input.capacity() < size) {
            input = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        input.clear();
        for (byte[] pixels : faces) {
            dev.ferstream.data.InputScaling.writeShifted(pixels, view.dx(), view.dy(), view.mirror(), face, 0);
            rescale(face);
            input.put(face);
        }
        input.flip();
        return input;
    }

    /** From the project's pixel / 255 to the graph's {@code pixel * multiply + add}; nothing for exported graphs. */
    private void rescale(float[] face) {
        if (signature.projectScaling()) {
            return;
        }
        float factor = signature.multiply() * 255f;
        for (int i = 0; i < face.length; i++) {
            face[i] = face[i] * factor + signature.add();
        }
    }

    private float[][] run(FloatBuffer batch, int n) {
        long[] shape = signature.channelsLast() ? new long[]{n, Architecture.SIDE, Architecture.SIDE, 1}
                : new long[]{n, 1, Architecture.SIDE, Architecture.SIDE};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch, shape);
             OrtSession.Result result = session.run(Map.of(signature.input(), tensor))) {
            float[][] out = (float[][]) result.get(0).getValue();
            return signature.logits() ? softmax(out) : out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + ": " + e.getMessage(), e);
        }
    }

    private static float[][] softmax(float[][] logits) {
        for (float[] row : logits) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, v);
            }
            double total = 0;
            for (int c = 0; c < row.length; c++) {
                row[c] = (float) Math.exp(row[c] - max);
                total += row[c];
            }
            for (int c = 0; c < row.length; c++) {
                row[c] /= (float) total;
            }
        }
        return logits;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
