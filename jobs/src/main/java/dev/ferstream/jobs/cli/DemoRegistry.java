package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's model lifecycle set-up for {@code --challenger}: a registry in a temporary folder, the serving model
 * published into it as champion and the challenger beside it, both announced on the models topic before the job is
 * built (the job reads the topic then, so it starts serving one and shadowing the other), as {@code publish} does.
 * The versions are fixed, {@code v1} for the champion and {@code v2} for the challenger: the job keys its windows and
 * its gate by version, so the two must differ even when both bundles have the same directory name. The folder also
 * holds the savepoint that stops a demo with a gate; all of it is deleted on {@link #close()}.
 */
final class DemoRegistry implements AutoCloseable {
    /** The two published versions as predictions name them ({@code name/version}), and where savepoints go. */
    record Published(String champion, String challenger, Path savepoints) {
    }

    private final Path root;

    private DemoRegistry(Path root) {
        this.root = root;
    }

    static DemoRegistry create() throws IOException {
        return new DemoRegistry(Files.createTempDirectory("ferstream-demo-registry"));
    }

    /** Publishes both bundles and announces them on the config's models topic (created if missing). */
    Published publish(JobConfig config, Path champion, Path challenger) throws IOException {
        ModelRegistry registry = new ModelRegistry(root.resolve("registry").toUri().toString());
        ModelsTopic topic = new ModelsTopic(KafkaEndpoints.client(config.kafka()), config.topics().models());
        topic.ensure();
        String c = announce(topic, registry.publish(champion, name(champion), "v1"), ModelRole.CHAMPION);
        String s = announce(topic, registry.publish(challenger, name(challenger), "v2"), ModelRole.CHALLENGER);
        return new Published(c, s, Files.createDirectories(root.resolve("savepoints")));
    }

    private static String announce(ModelsTopic topic, PublishedVersion v, ModelRole role) {
        topic.append(ModelUpdate.newBuilder().setName(v.name()).setVersion(v.version()).setUri(v.uri())
                .setManifestSha256(v.manifestSha256()).setRole(role).setDecidedAt(Instant.now()).setDecidedBy("demo")
                .setTrainingCommit(v.metadata().gitCommit()).setArchitecture(v.metadata().architecture()).build());
        return v.name() + "/" + v.version();
    }

    private static String name(Path bundle) {
        return bundle.toAbsolutePath().normalize().getFileName().toString();
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("demo: could not delete " + root + ": " + e.getMessage());
        }
    }
}
