package dev.ferstream.model.bundle;

import java.nio.file.Path;

/** A model bundle that is missing, corrupt or incompatible, with the bundle path and what is wrong. */
public class BundleException extends RuntimeException {
    public BundleException(Path bundle, String problem) {
        super("model bundle " + bundle + ": " + problem);
    }

    public BundleException(Path bundle, String problem, Throwable cause) {
        super("model bundle " + bundle + ": " + problem, cause);
    }
}
