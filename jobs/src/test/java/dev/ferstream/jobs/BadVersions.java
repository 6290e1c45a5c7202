package dev.ferstream.jobs;

import dev.ferstream.jobs.registry.Manifest;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every kind of version that must never serve, published into a real registry: one the test harness of the
 * classifier and the whole-job test both feed to a running classifier. Each is keyed by a phrase its rejection
 * reason must contain, so a test checks that the reason names the problem, not only that something failed.
 */
public final class BadVersions {
    private final ModelRegistry registry;
    private final Path work;
    private final String name;

    /**
     * @param work a folder for the bundles before they are published
     * @param name the registry name the versions are published under
     */
    public BadVersions(ModelRegistry registry, Path work, String name) {
        this.registry = registry;
        this.work = work;
        this.name = name;
    }

    /** The five kinds of bad version, as {@code prefix + 1..5}; the first is announced but never published. */
    public Map<String, PublishedVersion> all(String prefix) throws IOException {
        Map<String, PublishedVersion> bad = new TreeMap<>();
        PublishedVersion tampered = tampered(prefix + "2");
        bad.put("version not found", missing(tampered, prefix + "1"));
        bad.put("fails its checksum", tampered);
        bad.put("model.zip", truncated(prefix + "3"));
        bad.put("labels", otherLabels(prefix + "4"));
        bad.put("2304", otherInputShape(prefix + "5"));
        return bad;
    }

    /** Announced but never published: its folder does not exist. */
    public PublishedVersion missing(PublishedVersion existing, String version) {
        return new PublishedVersion(name, version, existing.uri().replace("/" + existing.version(), "/" + version),
                existing.manifestSha256(), existing.metadata());
    }

    /** A byte appended to model.zip after publishing: its SHA-256 no longer matches the manifest. */
    public PublishedVersion tampered(String version) throws IOException {
        PublishedVersion v = publish(version, 17, 2304);
        Files.writeString(folder(v).resolve("model.zip"), "x", StandardOpenOption.APPEND);
        return v;
    }

    /**
     * model.zip cut to 100 bytes and the manifest resealed to match: only opening the bundle can refuse it, as it
     * would a bundle that was written truncated before it was published.
     */
    public PublishedVersion truncated(String version) throws IOException {
        PublishedVersion v = publish(version, 17, 2304);
        Path zip = folder(v).resolve("model.zip");
        Files.write(zip, Arrays.copyOf(Files.readAllBytes(zip), 100));
        return reseal(v);
    }

    /** model.json with another label set and a manifest that matches it (so only the bundle check can refuse it). */
    public PublishedVersion otherLabels(String version) throws IOException {
        PublishedVersion v = publish(version, 19, 2304);
        Path json = folder(v).resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"angry\"", "\"furious\""));
        return reseal(v);
    }

    /** A sound bundle whose network takes 1,000 inputs instead of 48 x 48 = 2,304. */
    public PublishedVersion otherInputShape(String version) throws IOException {
        return publish(version, 13, 1000);
    }

    private PublishedVersion publish(String version, long seed, int inputs) throws IOException {
        return registry.publish(TinyModel.save(work.resolve(name + "-" + version), seed, inputs), name, version);
    }

    private static Path folder(PublishedVersion v) {
        return Path.of(URI.create(v.uri()));
    }

    private static PublishedVersion reseal(PublishedVersion v) throws IOException {
        Path folder = folder(v);
        TreeMap<String, String> sums = new TreeMap<>();
        for (String f : List.of("model.json", "model.zip", "metrics.csv")) {
            if (Files.exists(folder.resolve(f))) {
                sums.put(f, Manifest.sha256(Files.readAllBytes(folder.resolve(f))));
            }
        }
        Manifest m = Manifest.of(sums);
        Files.writeString(folder.resolve(Manifest.FILE), m.text(), StandardCharsets.UTF_8);
        return new PublishedVersion(v.name(), v.version(), v.uri(), m.digest(), v.metadata());
    }
}
