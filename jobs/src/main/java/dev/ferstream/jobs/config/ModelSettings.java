package dev.ferstream.jobs.config;

import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.TestTimeAugmentation;

import java.io.Serializable;
import java.util.Map;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requireText;

/**
 * Which network classifies and explains, and how many native threads each copy of it may use.
 *
 * @param path          model bundle directory, loaded in each subtask's {@code open()} ({@code model.path})
 * @param tta           views of each face to average, as {@code ferstream evaluate --tta none|mirror|shifts}
 *                      ({@code model.tta})
 * @param nativeThreads ND4J/OpenMP threads per JVM; 0 = cores / parallel subtasks, at least 1 ({@code native.threads});
 *                      also the intra-op threads of each ONNX Runtime session
 * @param engine        what runs the network: dnnl (oneDNN direct, the default), onnx, dl4j or auto, as
 *                      {@code ferstream evaluate --engine} ({@code model.engine})
 */
public record ModelSettings(String path, TestTimeAugmentation tta, int nativeThreads, Engine engine) implements Serializable {
    public static final ModelSettings DEFAULTS = new ModelSettings("models/hw3-cnn", TestTimeAugmentation.NONE, 0, Engine.STREAM_DEFAULT);

    public ModelSettings {
        requireText(path, "model.path must be set");
        require(tta != null, "model.tta must be set");
        require(nativeThreads >= 0, "native.threads must be >= 0 (0 = auto), got " + nativeThreads);
        require(engine != null, "model.engine must be set");
    }

    /** Settings on the default engine. */
    public ModelSettings(String path, TestTimeAugmentation tta, int nativeThreads) {
        this(path, tta, nativeThreads, Engine.STREAM_DEFAULT);
    }

    public ModelSettings withPath(String modelPath) {
        return new ModelSettings(modelPath, tta, nativeThreads, engine);
    }

    /**
     * Threads for one model copy: the configured number, or the cores shared evenly by the {@code subtasks} parallel
     * copies in this JVM (spinning OpenMP threads collapse when they outnumber the cores).
     */
    public int threadsFor(int subtasks) {
        return nativeThreads > 0 ? nativeThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, subtasks));
    }

    static ModelSettings from(ConfigValues v) {
        return new ModelSettings(v.str("model.path"), v.tta("model.tta"), v.integer("native.threads"), engine(v));
    }

    private static Engine engine(ConfigValues v) {
        String value = v.str("model.engine");
        try {
            return Engine.parse(value.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job config: model.engine = '" + value + "' is not one of "
                    + Engine.optionNames());
        }
    }

    void write(Map<String, String> m) {
        m.put("model.path", path);
        m.put("model.tta", tta.optionName());
        m.put("native.threads", Integer.toString(nativeThreads));
        m.put("model.engine", engine.optionName());
    }
}
