package dev.ferstream.jobs.registry;

import dev.ferstream.jobs.TinyModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing into a local registry and fetching back: immutability, manifests, and the one-line refusals. */
class ModelRegistryTest {
    @TempDir
    static Path dir;
    static Path bundle;

    @BeforeAll
    static void saveBundle() {
        bundle = TinyModel.save(dir.resolve("bundle"));
    }

    @Test
    void publishesAnImmutableVersionWithASha256sumManifest() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("r1").toUri().toString());
        assertEquals("v1", registry.nextVersion("tiny"));
        PublishedVersion v1 = registry.publish(bundle, "tiny", "v1");
        Path folder = Path.of(URI.create(v1.uri()));
        assertEquals(dir.resolve("r1/tiny/v1"), folder);
        String manifest = Files.readString(folder.resolve(Manifest.FILE));
        assertTrue(manifest.matches("(?s)[0-9a-f]{64}  metrics\\.csv\\n[0-9a-f]{64}  model\\.json\\n[0-9a-f]{64}  model\\.zip\\n")
                || manifest.matches("(?s)[0-9a-f]{64}  model\\.json\\n[0-9a-f]{64}  model\\.zip\\n"), manifest);
        assertEquals(Manifest.sha256(manifest.getBytes(StandardCharsets.UTF_8)), v1.manifestSha256());
        assertEquals("v2", registry.nextVersion("tiny"));
        RegistryException again = assertThrows(RegistryException.class, () -> registry.publish(bundle, "tiny", "v1"));
        assertTrue(again.getMessage().contains("already exists: versions are immutable"), again.getMessage());
        try (Stream<Path> left = Files.list(folder.getParent())) {
            assertEquals(List.of("v1"), left.map(p -> p.getFileName().toString()).toList(), "no staging folder left");
        }
    }

    @Test
    void fetchesAVersionByteForByteAndRefusesAnotherDigest() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("r2").toUri().toString());
        PublishedVersion v = registry.publish(bundle, "tiny", "v7");
        Path local = VersionFetcher.fetch(v.uri(), v.manifestSha256(), dir.resolve("fetched"));
        assertArrayEquals(Files.readAllBytes(bundle.resolve("model.zip")), Files.readAllBytes(local.resolve("model.zip")));
        RegistryException wrong = assertThrows(RegistryException.class,
                () -> VersionFetcher.fetch(v.uri(), "0".repeat(64), dir.resolve("fetched2")));
        assertTrue(wrong.getMessage().contains("MANIFEST.sha256 has digest"), wrong.getMessage());
    }

    @Test
    void refusesBadNamesAndBundlesWithoutWeights() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("r3").toUri().toString());
        RegistryException name = assertThrows(RegistryException.class, () -> registry.publish(bundle, "../up", "v1"));
        assertTrue(name.getMessage().startsWith("model name '../up' must be"), name.getMessage());
        Path noWeights = Files.createDirectories(dir.resolve("no-weights"));
        Files.copy(bundle.resolve("model.json"), noWeights.resolve("model.json"));
        RegistryException weights = assertThrows(RegistryException.class, () -> registry.publish(noWeights, "tiny", "v1"));
        assertTrue(weights.getMessage().endsWith("missing model.zip"), weights.getMessage());
        assertThrows(RegistryException.class, () -> new ModelRegistry(" "));
    }

    @Test
    void manifestLinesMustBeSha256AndAPlainFileName() {
        String sha = "ab".repeat(32);
        assertEquals(1, Manifest.parse(sha + "  model.zip\n", "m").files().size());
        for (String bad : List.of("xyz  model.zip", sha + " model.zip", sha + "  ../model.zip", sha + "  .hidden")) {
            RegistryException e = assertThrows(RegistryException.class, () -> Manifest.parse(bad + "\n", "r/v1/MANIFEST"));
            assertEquals("r/v1/MANIFEST: line 1 is not '<sha256>  <file>'", e.getMessage());
        }
        assertEquals("r: lists no files", assertThrows(RegistryException.class, () -> Manifest.parse("\n", "r")).getMessage());
    }
}
