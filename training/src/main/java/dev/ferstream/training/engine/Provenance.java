package dev.ferstream.training.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/** Where a model came from: the data's fingerprint and the code's git commit. */
final class Provenance {
    /** Written into the jar by git-commit-id-maven-plugin (training/pom.xml). */
    static final String GIT_PROPERTIES = "ferstream-git.properties";

    private Provenance() {
    }

    /** "sha256:" + the first 16 hex digits of the file's SHA-256. */
    static String fingerprint(Path file) {
        try {
            return "sha256:" + sha256(file).substring(0, 16);
        } catch (IOException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    /** The file's full SHA-256, in hex. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** "sha256:" + the first 16 hex digits of the SHA-256 of {@code text} (fingerprints of several sources). */
    static String fingerprintOf(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(digest.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The git commit this code was built from (short; "-dirty" when the build saw uncommitted changes), or "unknown"
     * for a build outside a git checkout. Read from the build, not from the working directory, because long runs use
     * a frozen copy of the jar from wherever they are started.
     */
    static String gitCommit() {
        try (InputStream in = Provenance.class.getResourceAsStream("/" + GIT_PROPERTIES)) {
            if (in == null) {
                return "unknown";
            }
            Properties git = new Properties();
            git.load(in);
            String commit = git.getProperty("git.commit.id.abbrev", "");
            return commit.isBlank() ? "unknown" : commit + (Boolean.parseBoolean(git.getProperty("git.dirty")) ? "-dirty" : "");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
