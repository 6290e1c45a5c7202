package dev.ferstream.jobs.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The SHA-256 of every file of a published version, in {@code sha256sum}'s format ({@code <hex>  <file>} per line,
 * sorted by file), so an operator can check a version by hand with {@code sha256sum -c MANIFEST.sha256}.
 *
 * <p>The manifest's own digest is what travels in a {@code ModelUpdate}: one short string that pins every byte of the
 * version, so the job can verify a download without trusting the registry's directory listing.
 *
 * @param files file name (relative, no directories) to lower-case hex SHA-256
 */
public record Manifest(SortedMap<String, String> files) {
    public static final String FILE = "MANIFEST.sha256";

    public Manifest {
        files = new TreeMap<>(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a manifest must list at least one file");
        }
    }

    public static Manifest of(Map<String, String> files) {
        return new Manifest(new TreeMap<>(files));
    }

    /** The file's text; {@link #parse} reads it back. */
    public String text() {
        StringBuilder out = new StringBuilder();
        files.forEach((file, sha) -> out.append(sha).append("  ").append(file).append('\n'));
        return out.toString();
    }

    /** SHA-256 of {@link #text()}: the value a ModelUpdate carries. */
    public String digest() {
        return sha256(text().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a manifest; {@code where} names it in the one-line error. */
    public static Manifest parse(String text, String where) {
        TreeMap<String, String> files = new TreeMap<>();
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" {2}", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || parts[1].isBlank()
                    || parts[1].contains("/") || parts[1].startsWith(".")) {
                throw new RegistryException(where + ": line " + n + " is not '<sha256>  <file>'");
            }
            files.put(parts[1], parts[0]);
        }
        if (files.isEmpty()) {
            throw new RegistryException(where + ": lists no files");
        }
        return new Manifest(files);
    }

    public static String sha256(byte[] bytes) {
        MessageDigest digest = newDigest();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
