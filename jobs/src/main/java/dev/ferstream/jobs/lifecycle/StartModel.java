package dev.ferstream.jobs.lifecycle;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;

import java.nio.file.Path;

/** The reference of a local bundle the job starts from when no registry version is assigned. */
public final class StartModel {
    private StartModel() {
    }

    /**
     * Reads model.json only (no weights), so a missing or foreign bundle stops the job at start with one line naming
     * the file and the problem; the version is the bundle's own ({@code architecture@createdAt}).
     */
    public static ModelRef fromPath(String path) {
        ModelMetadata metadata = ModelBundle.readMetadata(Path.of(path));
        return new ModelRef(metadata.architecture(), ModelBundle.versionOf(metadata), path, null);
    }
}
