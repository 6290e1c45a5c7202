package dev.ferstream.model.bundle;

/**
 * The bundle a fine-tuned bundle started from ({@code train --init-from}), recorded in {@code model.json} so a model's
 * lineage can be followed back and checked: the SHA-256 of the parent's weights identifies them even after the
 * parent directory was retrained or moved.
 *
 * @param path      the parent bundle's directory as given on the command line
 * @param version   the parent's version string ({@code architecture@createdAt}, as stream records carry it)
 * @param createdAt when the parent's weights were written
 * @param gitCommit the commit of the code that trained the parent
 * @param sha256    SHA-256 (hex) of the parent's {@code model.zip}
 */
public record ParentModel(String path, String version, String createdAt, String gitCommit, String sha256) {
}
