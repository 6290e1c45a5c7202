package dev.ferstream.training.cli;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.AutoClassifier;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --engine dnnl|onnx|dl4j|auto}, shared by evaluate, predict, compare and bench: what runs the network. The same
 * choice as the stream's {@code model.engine} key; every engine gives the same probabilities to 1e-4.
 */
final class EngineOption {
    @Option(names = "--engine", defaultValue = "dnnl", converter = Converter.class, paramLabel = "ENGINE",
            description = "what runs the network: dnnl (oneDNN 2.5 called directly, weights prepacked), onnx (ONNX"
                    + " Runtime on the bundle's model.onnx, else on the network exported in memory), dl4j (the"
                    + " inference plan) or auto (ONNX Runtime for calls of fewer than "
                    + AutoClassifier.PLAN_FROM + " faces, the plan from " + AutoClassifier.PLAN_FROM
                    + "); default: ${DEFAULT-VALUE}")
    Engine engine = Engine.COMMANDS_DEFAULT;

    /** A classifier for the bundle on the chosen engine (close it when done). */
    FaceClassifier classifier(ModelBundle bundle, TestTimeAugmentation tta) {
        return engine.classifier(bundle, tta);
    }

    /** An unknown value is a usage error naming the accepted ones. */
    static final class Converter implements CommandLine.ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            try {
                return Engine.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
