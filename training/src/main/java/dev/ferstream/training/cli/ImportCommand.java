package dev.ferstream.training.cli;

import dev.ferstream.model.Emotion;
import dev.ferstream.model.onnx.OnnxImport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ferstream import}: an ONNX model trained elsewhere becomes a bundle that evaluate, predict, compare and the
 * stream run (always on the onnx engine). The graph must take [N, 1, 48, 48] or [N, 48, 48, 1] floats and give
 * [N, 7]; the user states how it scales pixels, whether it ends in a softmax and the order of its classes.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a bundle from an ONNX model trained elsewhere (input [N,1,48,48] or [N,48,48,1], output [N,7]).")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "the ONNX model")
    Path onnx;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the bundle directory to write")
    Path out;
    @Option(names = "--scale", defaultValue = "unit", paramLabel = "SCALING",
            description = "how the model scales pixels (0..255): unit (pixel/255, default), raw (pixel), signed"
                    + " (pixel/127.5 - 1), or MUL,ADD (pixel*MUL + ADD)")
    String scale;
    @Option(names = "--output", defaultValue = "probabilities", paramLabel = "KIND",
            description = "what the graph's output holds: probabilities (default) or logits (a softmax is applied)")
    String output;
    @Option(names = "--labels", split = ",", paramLabel = "LABELS",
            description = "the output's classes in the graph's order, comma-separated (default: the FER2013 order"
                    + " angry,disgust,fear,happy,sad,surprise,neutral)")
    List<String> labels;

    @Override
    public Integer call() throws Exception {
        float[] scaling = scaling();
        OnnxImport.Options options = new OnnxImport.Options(scaling[0], scaling[1], logits(),
                labels == null ? Emotion.labels() : labels.stream().map(l -> l.trim().toLowerCase(Locale.ROOT)).toList());
        var metadata = OnnxImport.importModel(onnx, options, out);
        System.out.printf(Locale.ROOT, "imported %s into %s: %s, %s; labels %s. It runs on the onnx engine"
                        + " (evaluate, compare, predict, model.path in the stream).%n", onnx, out, metadata.inputScaling(),
                options.logits() ? "logits (softmax applied)" : "probabilities", options.labels());
        return 0;
    }

    private float[] scaling() {
        switch (scale.trim().toLowerCase(Locale.ROOT)) {
            case "unit":
                return new float[]{1f / 255f, 0f};
            case "raw":
                return new float[]{1f, 0f};
            case "signed":
                return new float[]{1f / 127.5f, -1f};
            default:
                String[] parts = scale.split(",");
                try {
                    if (parts.length == 2) {
                        return new float[]{Float.parseFloat(parts[0].trim()), Float.parseFloat(parts[1].trim())};
                    }
                } catch (NumberFormatException e) {
                    // falls through to the usage error
                }
                throw new CommandLine.ParameterException(spec.commandLine(), "--scale '" + scale
                        + "' is not unit, raw, signed or MUL,ADD (e.g. 0.00392157,0)");
        }
    }

    private boolean logits() {
        return switch (output.trim().toLowerCase(Locale.ROOT)) {
            case "probabilities" -> false;
            case "logits" -> true;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--output '" + output + "' is not probabilities or logits");
        };
    }
}
