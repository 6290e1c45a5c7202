package dev.ferstream.jobs.registry;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of immutable model versions, {@code <root>/<name>/<version>/}, each holding a bundle and its
 * {@link Manifest}. The root is any URI Flink's filesystems read ({@code file:///...} here; {@code s3://...} on a
 * cluster with Flink's S3 plugin), so the job fetches versions from where the trainer published them.
 *
 * <p>Publishing copies into a hidden staging folder, writes the manifest last and renames the folder into place, so a
 * crash leaves at most a {@code .staging-*} folder that no reader lists; on object stores, where a rename is a copy,
 * the manifest checksum still catches a version read half-written.
 */
public final class ModelRegistry {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern NUMBERED = Pattern.compile("v(\\d{1,9})");

    private final Path root;

    public ModelRegistry(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new RegistryException("registry URI must be set (e.g. file:///srv/models or s3://bucket/models)");
        }
        this.root = new Path(uri);
    }

    public String uri() {
        return root.toString();
    }

    /** The directory of one version. */
    public Path versionPath(String name, String version) {
        return new Path(new Path(root, checkName(name, "model name")), checkName(version, "version"));
    }

    /** Copies a local bundle in as a new version; an existing version is never overwritten. */
    public PublishedVersion publish(java.nio.file.Path bundle, String name, String version) throws IOException {
        ModelMetadata metadata = ModelBundle.readMetadata(bundle);
        List<java.nio.file.Path> files = bundleFiles(bundle);
        Path target = versionPath(name, version);
        FileSystem fs = target.getFileSystem();
        if (fs.exists(target)) {
            throw new RegistryException(target + " already exists: versions are immutable, publish under a new version");
        }
        Path staging = new Path(target.getParent(), ".staging-" + version + "-" + UUID.randomUUID());
        fs.mkdirs(staging);
        TreeMap<String, String> sums = new TreeMap<>();
        for (java.nio.file.Path file : files) {
            sums.put(file.getFileName().toString(), copyIn(file, new Path(staging, file.getFileName().toString()), fs));
        }
        Manifest manifest = Manifest.of(sums);
        write(fs, new Path(staging, Manifest.FILE), manifest.text().getBytes(StandardCharsets.UTF_8));
        if (!fs.rename(staging, target)) {
            fs.delete(staging, true);
            throw new RegistryException("could not move " + staging + " to " + target + " (published concurrently?)");
        }
        return new PublishedVersion(name, version, target.toString(), manifest.digest(), metadata);
    }

    /** {@code v<N+1>} after the highest {@code v<N>} published under the name, or {@code v1}. */
    public String nextVersion(String name) throws IOException {
        Path dir = new Path(root, checkName(name, "model name"));
        FileSystem fs = dir.getFileSystem();
        int highest = 0;
        if (fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                var m = NUMBERED.matcher(s.getPath().getName());
                if (s.isDir() && m.matches()) {
                    highest = Math.max(highest, Integer.parseInt(m.group(1)));
                }
            }
        }
        return "v" + (highest + 1);
    }

    static String checkName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new RegistryException(what + " '" + value + "' must be 1-64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return value;
    }

    /** The bundle's regular files (weights, metadata, metrics); hidden files and folders are not part of a model. */
    private static List<java.nio.file.Path> bundleFiles(java.nio.file.Path bundle) throws IOException {
        try (Stream<java.nio.file.Path> list = Files.list(bundle)) {
            List<java.nio.file.Path> files = list.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals(Manifest.FILE))
                    .sorted().toList();
            if (files.stream().noneMatch(p -> p.getFileName().toString().equals(ModelBundle.WEIGHTS))) {
                throw new RegistryException(bundle + ": missing " + ModelBundle.WEIGHTS);
            }
            return files;
        }
    }

    private static String copyIn(java.nio.file.Path from, Path to, FileSystem fs) throws IOException {
        MessageDigest digest = Manifest.newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(from), digest);
             OutputStream out = fs.create(to, FileSystem.WriteMode.NO_OVERWRITE)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void write(FileSystem fs, Path to, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(to, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(bytes);
        }
    }
}
