package dev.ferstream.model.inference;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.onnx.OnnxClassifier;

import java.util.Arrays;
import java.util.Locale;

/**
 * What runs a bundle's network: DL4J through the {@link InferencePlan} ({@code dl4j}), or ONNX Runtime
 * ({@code onnx}) on the bundle's {@code model.onnx}, else on the network exported in memory. Both give the same
 * probabilities to 1e-4 (tested for every architecture); {@code dl4j} stays the default (docs/onnx.md has the figures).
 * A bundle imported from ONNX always runs on {@code onnx}.
 */
public enum Engine {
    DL4J, ONNX;

    public static final Engine DEFAULT = DL4J;

    /** The name options and config keys use. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option or config value, rejecting anything else with the allowed names. */
    public static Engine parse(String value) {
        for (Engine e : values()) {
            if (e.optionName().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("engine '" + value + "' is not one of "
                + Arrays.stream(values()).map(Engine::optionName).toList());
    }

    /** A classifier for the bundle on this engine, ONNX Runtime with as many threads as the native runtime has. */
    public FaceClassifier classifier(ModelBundle bundle, TestTimeAugmentation tta) {
        return classifier(bundle, tta, Math.max(1, org.nd4j.linalg.factory.Nd4j.getEnvironment().maxMasterThreads()));
    }

    /**
     * A classifier for the bundle on this engine; {@code threads} is the ONNX Runtime session's intra-op thread count
     * (DL4J's threads are the native runtime's, set with {@code NativeRuntime.maxThreads}).
     */
    public FaceClassifier classifier(ModelBundle bundle, TestTimeAugmentation tta, int threads) {
        // an imported bundle has no DL4J network: ONNX Runtime is the only engine that can run it
        return this == DL4J && !bundle.imported() ? new Classifier(bundle.network(), tta)
                : OnnxClassifier.forBundle(bundle, tta, threads);
    }
}
