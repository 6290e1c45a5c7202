package dev.ferstream.model.inference;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.camera.CameraRoutedClassifier;
import dev.ferstream.model.dnnl.DnnlClassifier;
import dev.ferstream.model.onnx.OnnxClassifier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What runs a bundle's network: oneDNN 2.5 called directly ({@code dnnl}, {@link DnnlClassifier}); DL4J through the
 * {@link InferencePlan} ({@code dl4j}); ONNX Runtime ({@code onnx}) on the bundle's {@code model.onnx}, else on the
 * network exported in memory; or ONNX Runtime and the plan together ({@code auto}), each call on the one that is
 * faster for its number of faces ({@link AutoClassifier}). All give the same probabilities to 1e-4 (tested for every
 * architecture). A bundle imported from ONNX always runs on {@code onnx}; a network with a layer the plan does not
 * know runs on {@code dl4j} whatever was asked, with an INFO line.
 */
public enum Engine {
    DL4J, ONNX, DNNL, AUTO;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Engine.class);

    /**
     * The default of the commands that classify files ({@code --engine} of evaluate, predict, compare, bench) and of
     * the stream: oneDNN direct was ahead of ONNX Runtime and the plan at batch 1, 64 and 256 for hw3-cnn and fer-vgg
     * (bench/peers run 21, docs/engines.md), and in the stream (docs/streaming.md).
     */
    public static final Engine COMMANDS_DEFAULT = DNNL;

    /** The stream's default ({@code model.engine}); see {@link #COMMANDS_DEFAULT}. */
    public static final Engine STREAM_DEFAULT = DNNL;

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
        throw new IllegalArgumentException("engine '" + value + "' is not one of " + optionNames());
    }

    /** Every engine's option name, in declaration order: what a refusal lists. */
    public static List<String> optionNames() {
        return Arrays.stream(values()).map(Engine::optionName).toList();
    }

    /** A classifier for the bundle on this engine, ONNX Runtime with as many threads as the native runtime has. */
    public FaceClassifier classifier(ModelBundle bundle, TestTimeAugmentation tta) {
        return classifier(bundle, tta, defaultThreads());
    }

    /** As many threads as the native runtime has. */
    public static int defaultThreads() {
        return Math.max(1, org.nd4j.linalg.factory.Nd4j.getEnvironment().maxMasterThreads());
    }

    /**
     * A classifier for the bundle on this engine; {@code threads} is the ONNX Runtime session's intra-op thread count
     * (DL4J's threads are the native runtime's, set with {@code NativeRuntime.maxThreads}).
     */
    public FaceClassifier classifier(ModelBundle bundle, TestTimeAugmentation tta, int threads) {
        FaceClassifier base = baseClassifier(bundle, tta, threads);
        // a bundle with a second camera's BatchNorm statistics runs both, each face on its camera's (camera.json)
        return CameraRoutedClassifier.of(bundle, base, net -> sameEngine(base, net, bundle, tta, threads));
    }

    /** A classifier for {@code net} (the bundle's network with a camera's statistics) on whatever runs {@code base}. */
    private static FaceClassifier sameEngine(FaceClassifier base, MultiLayerNetwork net, ModelBundle bundle,
                                             TestTimeAugmentation tta, int threads) {
        if (base instanceof Classifier) {
            return new Classifier(net, tta);
        }
        if (base instanceof DnnlClassifier) {
            return new DnnlClassifier(net, tta);
        }
        OnnxClassifier onnx = OnnxClassifier.forNetwork(net, bundle, tta, threads);
        return base instanceof AutoClassifier ? new AutoClassifier(onnx, new Classifier(net, tta)) : onnx;
    }

    private FaceClassifier baseClassifier(ModelBundle bundle, TestTimeAugmentation tta, int threads) {
        if (bundle.imported()) {
            return OnnxClassifier.forBundle(bundle, tta, threads); // no DL4J network: ONNX Runtime is the only engine
        }
        if (this == DL4J) {
            return new Classifier(bundle.network(), tta);
        }
        if (this == DNNL) {
            return dnnl(bundle, tta);
        }
        OnnxClassifier onnx;
        try {
            onnx = OnnxClassifier.forBundle(bundle, tta, threads);
        } catch (UnsupportedOperationException e) {
            // a layer the exporter (like the plan) does not know: DL4J runs every network, so serve it there. INFO, not
            // WARN: this is the normal path for such a network, with the same probabilities
            LOG.info("ONNX Runtime cannot run {}: {}; running it on DL4J", bundle.dir(), e.getMessage());
            return new Classifier(bundle.network(), tta);
        }
        return this == AUTO ? new AutoClassifier(onnx, new Classifier(bundle.network(), tta)) : onnx;
    }

    /**
     * oneDNN called directly; a layer it cannot run sends the network to DL4J, which runs every network (INFO, as for
     * ONNX Runtime). oneDNN refusing a primitive or its library failing to load on this platform does too, with a WARN:
     * DL4J gives the same probabilities, only slower.
     */
    private static FaceClassifier dnnl(ModelBundle bundle, TestTimeAugmentation tta) {
        try {
            return new DnnlClassifier(bundle.network(), tta);
        } catch (UnsupportedOperationException e) {
            LOG.info("oneDNN cannot run {}: {}; running it on DL4J", bundle.dir(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("oneDNN failed on {}: {}; running it on DL4J", bundle.dir(), e.toString());
        }
        return new Classifier(bundle.network(), tta);
    }
}
