package dev.ferstream.jobs;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.bundle.TrainingSettings;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A tiny untrained but deterministic network saved as a real bundle (2,304 -> 8 -> 7 -> softmax loss), so tests
 * exercise ModelBundle loading and DL4J inference in well under a millisecond per face. Its metadata names the
 * hw3-dnn architecture only because bundles must name a registered one; the weights are what counts.
 */
public final class TinyModel {
    private TinyModel() {
    }

    public static Path save(Path dir) {
        return save(dir, 7, 2304);
    }

    /**
     * Another tiny model: other weights from another seed (and another createdAt, so another bundle version), or
     * with {@code inputs} other than 2304 a network that takes another input shape.
     */
    public static Path save(Path dir, long seed, int inputs) {
        NativeRuntime.configure();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
                .weightInit(WeightInit.XAVIER_UNIFORM).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(8).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(8).nOut(Emotion.COUNT).activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        ModelMetadata meta = new ModelMetadata(ModelMetadata.FORMAT_VERSION, "hw3-dnn", Emotion.labels(),
                InputScaling.DESCRIPTION, net.numParams(), net.numParams(), 0, "test", 0, 0, 0, 0, 0, 0, 0,
                new TrainingSettings("none", 0, "constant", 0, 1, "none", "none", 0, "none", 7, 1, 0, 0), "test",
                String.format(java.util.Locale.ROOT, "2026-01-01T00:00:%02dZ", seed == 7 ? 0 : seed % 60));
        ModelBundle.save(dir, net, meta);
        return dir;
    }

    /** Random but reproducible faces. */
    public static byte[] face(long seed) {
        byte[] pixels = new byte[2304];
        new Random(seed).nextBytes(pixels);
        return pixels;
    }

    /** A labelled HW3-layout CSV ({@code label,feature}) of {@link #face} faces seeded from {@code seed}, labels i % 7. */
    public static Path writeCsv(Path file, int n, long seed) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("label,feature\n");
        for (int i = 0; i < n; i++) {
            byte[] pixels = face(seed + i);
            csv.append(i % 7).append(',');
            for (int k = 0; k < pixels.length; k++) {
                csv.append(k == 0 ? "" : " ").append(pixels[k] & 0xFF);
            }
            csv.append('\n');
        }
        return java.nio.file.Files.writeString(file, csv);
    }

    /** What the saved bundle predicts for these faces (the reference the stream must reproduce). */
    public static int[] predict(Path bundle, List<byte[]> faces) {
        float[][] p = new Classifier(ModelBundle.load(bundle).network(), false).probabilities(faces);
        int[] labels = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            labels[i] = Classifier.argmax(p[i]);
        }
        return labels;
    }
}
