package dev.ferstream.jobs.lifecycle;

import java.io.Serializable;

/**
 * Where a model version is and how to know it is the right one: what the models topic broadcasts (never the weights).
 *
 * @param uri            registry version directory, or a local bundle directory for the start model
 * @param manifestSha256 digest of the version's manifest; null for a local start bundle, which is loaded as given
 */
public record ModelRef(String name, String version, String uri, String manifestSha256) implements Serializable {
    public ModelRef {
        if (name == null || version == null || uri == null) {
            throw new IllegalArgumentException("a model reference needs name, version and uri");
        }
    }

    /** True for versions from a registry, which are fetched and checked against their manifest. */
    public boolean verified() {
        return manifestSha256 != null;
    }

    /** True when both name the same published bytes (or the same local bundle). */
    public boolean sameAs(ModelRef other) {
        return other != null && version.equals(other.version) && name.equals(other.name) && uri.equals(other.uri)
                && java.util.Objects.equals(manifestSha256, other.manifestSha256);
    }

    public String label() {
        return name + "/" + version;
    }
}
