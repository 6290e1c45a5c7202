package dev.ferstream.model.bundle;

import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.Architectures;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained model on disk: a directory with DL4J weights ({@value #WEIGHTS}), metadata ({@value #METADATA}) and,
 * from training, per-epoch metrics ({@value #METRICS}). Loading validates all of it, so a wrong path or a damaged
 * file is reported as such instead of as a DL4J stack trace deep inside the first prediction.
 */
public record ModelBundle(Path dir, MultiLayerNetwork network, ModelMetadata metadata) {
    public static final String WEIGHTS = "model.zip";
    public static final String METADATA = "model.json";
    public static final String METRICS = "metrics.csv";
    /**
     * Present in a bundle imported from ONNX ({@code ferstream import}): the graph's input layout, scaling and output
     * labels. Such a bundle has {@code model.onnx} instead of DL4J weights, so its {@link #network()} is null and it
     * runs on the onnx engine only.
     */
    public static final String ONNX_IMPORT = "onnx.json";
    /** The architecture name an imported bundle's metadata records (it is no DL4J architecture). */
    public static final String IMPORTED_ARCHITECTURE = "onnx";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ObjectMapper json() {
        return JSON.copy();
    }

    /** True for a bundle imported from ONNX: no DL4J network, only {@code model.onnx}. */
    public boolean imported() {
        return network == null;
    }

    /**
     * The DL4J network, for what needs its weights and gradients (saliency by gradient, the analysis report).
     *
     * @throws BundleException for an imported bundle, naming {@code purpose}
     */
    public MultiLayerNetwork requireNetwork(String purpose) {
        if (imported()) {
            throw new BundleException(dir, "is imported from ONNX (no DL4J weights); " + purpose + " needs them");
        }
        return network;
    }

    public Architecture architecture() {
        return Architectures.byName(metadata.architecture());
    }

    /** Model version string used in stream records: architecture plus creation time. */
    public String version() {
        return versionOf(metadata);
    }

    /** The version a bundle's metadata stands for, without loading its weights. */
    public static String versionOf(ModelMetadata metadata) {
        return metadata.architecture() + "@" + metadata.createdAt();
    }

    /**
     * Writes weights (without optimizer state) and metadata. Both are written to temporary files before either
     * replaces the bundle's, so a run killed while serialising (seconds for a large network) leaves the previous pair;
     * only the two renames at the end stand between the old pair and the new one.
     */
    public static void save(Path dir, MultiLayerNetwork network, ModelMetadata metadata) {
        try {
            Files.createDirectories(dir);
            Path weights = dir.resolve(WEIGHTS);
            Path meta = dir.resolve(METADATA);
            Path weightsTmp = temporary(weights);
            Path metaTmp = temporary(meta);
            ModelSerializer.writeModel(network, weightsTmp.toFile(), false);
            JSON.writeValue(metaTmp.toFile(), metadata);
            replace(weightsTmp, weights);
            replace(metaTmp, meta);
        } catch (IOException e) {
            throw new BundleException(dir, "cannot write: " + e.getMessage(), e);
        }
    }

    /** Replaces the bundle's {@code model.json} atomically (a long run rewrites it every epoch and may be killed any time). */
    public static void writeMetadata(Path dir, ModelMetadata metadata) throws IOException {
        writeAtomically(dir.resolve(METADATA), tmp -> JSON.writeValue(tmp, metadata));
    }

    /** Writes a network through {@link #writeAtomically}. */
    public static void writeNetwork(MultiLayerNetwork network, Path file, boolean withUpdater) throws IOException {
        writeAtomically(file, tmp -> ModelSerializer.writeModel(network, tmp, withUpdater));
    }

    /** Writes one file's content to the file it is given. */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(java.io.File file) throws IOException;
    }

    /**
     * Writes {@code file} through a temporary file and an atomic rename, so a run stopped mid-write never leaves a
     * truncated file where the previous good one was (weights, checkpoints, the weight average).
     */
    public static void writeAtomically(Path file, FileContent content) throws IOException {
        Path tmp = temporary(file);
        content.writeTo(tmp.toFile());
        replace(tmp, file);
    }

    private static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private static void replace(Path written, Path file) throws IOException {
        Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static ModelMetadata readMetadata(Path dir) {
        Path meta = dir.resolve(METADATA);
        if (!Files.isDirectory(dir)) {
            throw new BundleException(dir, "not found (expected a directory with " + WEIGHTS + " and " + METADATA + ")");
        }
        if (!Files.isRegularFile(meta)) {
            throw new BundleException(dir, "missing " + METADATA);
        }
        ModelMetadata metadata;
        try {
            metadata = JSON.readValue(meta.toFile(), ModelMetadata.class);
        } catch (IOException e) {
            throw new BundleException(dir, METADATA + " is not valid metadata: " + e.getMessage(), e);
        }
        if (metadata.formatVersion() != ModelMetadata.FORMAT_VERSION) {
            throw new BundleException(dir, "format version " + metadata.formatVersion() + " is not supported (expected "
                    + ModelMetadata.FORMAT_VERSION + ")");
        }
        if (!Emotion.labels().equals(metadata.labels())) {
            throw new BundleException(dir, "labels " + metadata.labels() + " differ from " + Emotion.labels());
        }
        if (Files.isRegularFile(dir.resolve(ONNX_IMPORT))) {
            if (!IMPORTED_ARCHITECTURE.equals(metadata.architecture())) {
                throw new BundleException(dir, "has " + ONNX_IMPORT + " but " + METADATA + " names architecture "
                        + metadata.architecture() + ", not " + IMPORTED_ARCHITECTURE);
            }
            return metadata;
        }
        try {
            Architectures.byName(metadata.architecture());
        } catch (IllegalArgumentException e) {
            throw new BundleException(dir, e.getMessage());
        }
        return metadata;
    }

    /** Loads and checks a bundle. */
    public static ModelBundle load(Path dir) {
        NativeRuntime.configure();
        ModelMetadata metadata = readMetadata(dir);
        if (Files.isRegularFile(dir.resolve(ONNX_IMPORT))) {
            if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
                throw new BundleException(dir, "has " + ONNX_IMPORT + " but no model.onnx");
            }
            return new ModelBundle(dir, null, metadata);
        }
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new BundleException(dir, "missing " + WEIGHTS);
        }
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(weights.toFile(), false);
        } catch (Exception | LinkageError e) {
            throw new BundleException(dir, WEIGHTS + " is corrupt or not a DL4J model: " + e.getMessage(), e);
        }
        if (network.numParams() != metadata.totalParams()) {
            throw new BundleException(dir, "weights have " + network.numParams() + " parameters but "
                    + METADATA + " says " + metadata.totalParams() + " (" + metadata.architecture() + ")");
        }
        long outputs = network.getLayerWiseConfigurations().getConf(network.getnLayers() - 1).getLayer() instanceof
                org.deeplearning4j.nn.conf.layers.LossLayer ? Emotion.COUNT : -1;
        if (outputs != Emotion.COUNT) {
            throw new BundleException(dir, "network does not end in a 7-class softmax loss layer");
        }
        return new ModelBundle(dir, network, metadata);
    }
}
