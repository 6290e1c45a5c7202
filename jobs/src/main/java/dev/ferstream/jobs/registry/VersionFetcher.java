package dev.ferstream.jobs.registry;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Copies a published version to a local folder and proves it is the one that was published: the manifest's digest
 * must match the one in the ModelUpdate, and every file the digest it has in the manifest. Anything else (missing,
 * truncated, altered) is a {@link RegistryException} whose message says which file and what is wrong; the caller
 * keeps serving what it had.
 */
public final class VersionFetcher {
    private VersionFetcher() {
    }

    /** Fetches {@code uri} into {@code localDir} (created) and returns it; verifies as it copies. */
    public static java.nio.file.Path fetch(String uri, String manifestSha256, java.nio.file.Path localDir) throws IOException {
        Path version = new Path(uri);
        FileSystem fs = version.getFileSystem();
        if (!fs.exists(version)) {
            throw new RegistryException(uri + ": version not found");
        }
        Manifest manifest = readManifest(fs, version, uri);
        if (!manifest.digest().equals(manifestSha256)) {
            throw new RegistryException(uri + ": " + Manifest.FILE + " has digest " + manifest.digest()
                    + " but the update says " + manifestSha256);
        }
        Files.createDirectories(localDir);
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            String actual = copyOut(fs, new Path(version, file.getKey()), localDir.resolve(file.getKey()), uri);
            if (!actual.equals(file.getValue())) {
                throw new RegistryException(uri + ": " + file.getKey() + " fails its checksum (manifest "
                        + abbreviate(file.getValue()) + ", file " + abbreviate(actual) + ")");
            }
        }
        return localDir;
    }

    private static Manifest readManifest(FileSystem fs, Path version, String uri) throws IOException {
        Path path = new Path(version, Manifest.FILE);
        try (InputStream in = fs.open(path)) {
            return Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), uri + "/" + Manifest.FILE);
        } catch (FileNotFoundException e) {
            throw new RegistryException(uri + ": missing " + Manifest.FILE + " (not a published version)");
        }
    }

    private static String copyOut(FileSystem fs, Path from, java.nio.file.Path to, String uri) throws IOException {
        MessageDigest digest = Manifest.newDigest();
        try (InputStream in = new DigestInputStream(fs.open(from), digest)) {
            Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (FileNotFoundException e) {
            throw new RegistryException(uri + ": missing " + from.getName() + " listed in " + Manifest.FILE);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String abbreviate(String sha) {
        return sha.substring(0, 12) + "…";
    }
}
