package dev.ferstream.jobs.retrain;

import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.registry.Manifest;
import dev.ferstream.jobs.registry.RegistryException;
import dev.ferstream.jobs.registry.VersionFetcher;
import dev.ferstream.model.bundle.BundleException;
import dev.ferstream.model.bundle.ModelBundle;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The serving model a retrain starts from and must beat: a registry version, copied to the work folder and verified
 * the way the job verifies a version before it serves it ({@link VersionFetcher}). The digest it is checked against
 * is the one its decision on the models topic carries when there is one (so a manifest rewritten after publishing is
 * caught), else the manifest's own digest (every file must still match the manifest).
 *
 * @param uri            the version folder, as given or resolved under the registry
 * @param name           its model name (the folder above the version)
 * @param version        its version (the last folder)
 * @param manifestSha256 the digest it was verified against
 * @param verifiedBy     {@code models-topic} or {@code manifest}: where that digest came from
 * @param bundle         the local copy
 */
public record ChampionVersion(String uri, String name, String version, String manifestSha256, String verifiedBy,
                              java.nio.file.Path bundle) {
    /** {@code NAME/VERSION}: a version under {@code --registry} rather than a URI of its own. */
    private static final Pattern RELATIVE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The version folder {@code --champion} names: a full URI or path, or NAME/VERSION under the registry. */
    public static String resolve(String champion, String registry) {
        if (RELATIVE.matcher(champion).matches()) {
            return new Path(new Path(registry), champion).toString();
        }
        return new Path(champion).toString();
    }

    /**
     * Copies and verifies the version at {@code uri} into {@code localDir}; {@code decisions} is the models topic's
     * history (may be empty). Anything missing, altered or not a bundle is one line naming {@code --champion}.
     */
    public static ChampionVersion fetch(String uri, List<ModelUpdate> decisions, java.nio.file.Path localDir) {
        Path path = new Path(uri);
        if (path.getParent() == null || path.getParent().getName().isEmpty()) {
            throw new IllegalArgumentException("--champion " + uri + " must name a version folder <registry>/<name>/<version>");
        }
        String name = path.getParent().getName();
        String version = path.getName();
        try {
            String announced = announcedDigest(decisions, path, name, version);
            String digest = announced != null ? announced : ownDigest(path, uri);
            VersionFetcher.fetch(uri, digest, localDir);
            ModelBundle.readMetadata(localDir);
            return new ChampionVersion(path.toString(), name, version, digest,
                    announced != null ? "models-topic" : "manifest", localDir);
        } catch (RegistryException | BundleException e) {
            throw new IllegalArgumentException("--champion " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--champion " + uri + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The digest of the latest decision about this version, or null when the topic never named it. */
    private static String announcedDigest(List<ModelUpdate> decisions, Path path, String name, String version) {
        String digest = null;
        for (ModelUpdate u : decisions) {
            if (u.getName().equals(name) && u.getVersion().equals(version) && new Path(u.getUri()).equals(path)) {
                digest = u.getManifestSha256();
            }
        }
        return digest;
    }

    private static String ownDigest(Path version, String uri) throws IOException {
        if (!version.getFileSystem().exists(version)) {
            throw new RegistryException(uri + ": version not found");
        }
        try (InputStream in = version.getFileSystem().open(new Path(version, Manifest.FILE))) {
            return Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), uri + "/" + Manifest.FILE).digest();
        } catch (FileNotFoundException e) {
            throw new RegistryException(uri + ": missing " + Manifest.FILE + " (not a published version)");
        }
    }
}
