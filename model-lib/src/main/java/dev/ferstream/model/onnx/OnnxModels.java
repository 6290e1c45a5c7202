package dev.ferstream.model.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** The one place ONNX Runtime sessions are configured, so the engine, the import check and the tests agree. */
final class OnnxModels {
    private OnnxModels() {
    }

    /**
     * A CPU session: {@code threads} intra-op threads, inter-op 1 and sequential execution (the graph is a chain;
     * parallel branches would only compete for the same cores), every graph optimisation.
     */
    static OrtSession open(OrtEnvironment env, byte[] model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ONNX Runtime threads must be >= 1, got " + threads);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // threads spin between the ops of a Run (latency) but stop when it returns: a spinning pool would take the
            // cores from whatever runs next in this process, the DL4J plan of the auto engine (measured: alternating
            // call sizes on auto ran 506-560 faces/s with spinning left on, 661-752 with it stopped, hw3-cnn) or the
            // stream's own threads
            options.addConfigEntry("session.force_spinning_stop", "1");
            return env.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }
}
