package dev.ferstream.training.cli;

import dev.ferstream.data.InputScaling;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.camera.CameraStatistics;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.model.onnx.OnnxClassifier;
import dev.ferstream.model.onnx.OnnxExport;
import dev.ferstream.model.onnx.OnnxSignature;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code ferstream export}: a bundle's network as an ONNX file, checked before it is reported written: ONNX Runtime
 * runs it on seeded random faces and its probabilities must match DL4J's own to {@value #TOLERANCE}. Written to the
 * bundle as {@code model.onnx}, it is what the onnx engine loads instead of exporting in memory.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a bundle's network as ONNX (input [N,1,48,48] pixel/255, output [N,7] probabilities),"
                + " checked against DL4J's outputs in ONNX Runtime.")
final class ExportCommand implements Callable<Integer> {
    static final double TOLERANCE = 1e-4;
    private static final int CHECK_FACES = 32;

    @Option(names = "--model", required = true, description = "model bundle directory")
    Path model;
    @Option(names = "--onnx", required = true, paramLabel = "FILE",
            description = "the ONNX file to write (the bundle's own model.onnx makes --engine onnx load it)")
    Path onnx;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = ModelBundle.load(model);
        byte[] bytes = OnnxExport.export(bundle.network(), bundle.metadata().architecture());
        double diff = check(bundle, bytes);
        if (diff > TOLERANCE) {
            throw new IllegalStateException("the exported graph differs from DL4J by " + diff + " (more than "
                    + TOLERANCE + "); nothing written to " + onnx);
        }
        if (onnx.toAbsolutePath().getParent() != null) {
            Files.createDirectories(onnx.toAbsolutePath().getParent());
        }
        ModelBundle.writeAtomically(onnx, file -> Files.write(file.toPath(), bytes));
        System.out.printf(Locale.ROOT, "wrote %s (%s, %,d bytes, ONNX IR 9, opset 17); ONNX Runtime vs DL4J on %d faces:"
                + " max abs diff %.2e%n", onnx, bundle.metadata().architecture(), bytes.length, CHECK_FACES, diff);
        CameraStatistics camera = CameraStatistics.read(model);
        if (camera != null) {
            // one graph holds one set of statistics: the bundle's own (the original camera's)
            System.out.printf(Locale.ROOT, "note: %s also carries the BatchNorm statistics of camera %s (%s); the graph has"
                    + " model.zip's, and an engine loading this bundle still routes each face%n", model, camera.camera(),
                    CameraStatistics.FILE);
        }
        return 0;
    }

    /** Max abs difference of probabilities, ONNX Runtime against DL4J's {@code output()}, on seeded random faces. */
    private static double check(ModelBundle bundle, byte[] bytes) {
        Random random = new Random(42);
        List<byte[]> faces = new ArrayList<>();
        for (int i = 0; i < CHECK_FACES; i++) {
            byte[] pixels = new byte[Architecture.PIXELS];
            random.nextBytes(pixels);
            faces.add(pixels);
        }
        float[][] expected = bundle.network().output(Nd4j.create(InputScaling.batch(faces),
                new long[]{faces.size(), Architecture.PIXELS}), false).toFloatMatrix();
        float[][] actual;
        try (OnnxClassifier classifier = new OnnxClassifier(bytes, OnnxSignature.EXPORTED, TestTimeAugmentation.NONE, 1)) {
            actual = classifier.probabilities(faces);
        }
        double max = 0;
        for (int i = 0; i < faces.size(); i++) {
            for (int c = 0; c < Emotion.COUNT; c++) {
                max = Math.max(max, Math.abs(expected[i][c] - actual[i][c]));
            }
        }
        return max;
    }
}
