package dev.ferstream.model.onnx;

import java.nio.file.Path;

/** Placeholder until import lands: every bundle's graph is an exported one. */
public final class OnnxImport {
    private OnnxImport() {
    }

    /** The signature recorded in the bundle, or {@link OnnxSignature#EXPORTED}. */
    public static OnnxSignature signatureOf(Path bundleDir) {
        return OnnxSignature.EXPORTED;
    }
}
