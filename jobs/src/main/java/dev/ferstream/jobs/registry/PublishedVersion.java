package dev.ferstream.jobs.registry;

import dev.ferstream.model.bundle.ModelMetadata;

/**
 * A version now in the registry: what a ModelUpdate needs to point the job at it.
 *
 * @param uri            the version directory, as the job will read it
 * @param manifestSha256 digest of its manifest, which pins every file
 * @param metadata       the bundle's model.json (architecture, training commit)
 */
public record PublishedVersion(String name, String version, String uri, String manifestSha256, ModelMetadata metadata) {
}
