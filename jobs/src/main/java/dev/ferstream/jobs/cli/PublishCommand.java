package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code publish}: a trained bundle becomes an immutable registry version, then a decision on the models topic that
 * every running job follows. The copy comes first: a decision never names a version that is not all there.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Copy a bundle into the model registry and announce it on the models topic.")
public final class PublishCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", required = true, description = "bundle directory to publish")
    Path model;

    @Option(names = "--registry", paramLabel = "URI", required = true,
            description = "registry root, e.g. file:///srv/ferstream/models (any filesystem Flink reads)")
    String registry;

    @Option(names = "--name", paramLabel = "NAME", description = "model name in the registry (default: the bundle's directory name)")
    String name;

    @Option(names = "--version", paramLabel = "V", description = "version (default: v<N+1> after the highest v<N> under the name)")
    String version;

    @Option(names = "--role", paramLabel = "ROLE", description = "champion (serves) or challenger (shadows); default: ${DEFAULT-VALUE}")
    String role = "challenger";

    @Mixin
    ModelsTopicOptions topic;

    @Override
    public Integer call() throws Exception {
        ModelRole modelRole = role(role);
        ModelRegistry reg = new ModelRegistry(registry);
        String n = name != null ? name : model.toAbsolutePath().normalize().getFileName().toString();
        String v = version != null ? version : reg.nextVersion(n);
        PublishedVersion published = publish(reg, topic.topic(), model, n, v, modelRole, "publish");
        System.out.printf(Locale.ROOT, "published %s/%s (%s) as %s%n  uri: %s%n  manifest sha256: %s%n", n, v,
                published.metadata().architecture(), modelRole.name().toLowerCase(Locale.ROOT), published.uri(),
                published.manifestSha256());
        return 0;
    }

    /**
     * Copies {@code model} in as {@code name/version}, then announces it on the models topic with {@code role}: the
     * one way a version enters the registry and the stream, shared by {@code publish} and {@code retrain}. The topic
     * is checked first, so an unreachable broker leaves no unannounced version behind.
     */
    static PublishedVersion publish(ModelRegistry registry, ModelsTopic models, Path model, String name, String version,
                                    ModelRole role, String decidedBy) throws java.io.IOException {
        models.ensure();
        PublishedVersion published = registry.publish(model, name, version);
        models.append(ModelUpdate.newBuilder().setName(name).setVersion(version).setUri(published.uri())
                .setManifestSha256(published.manifestSha256()).setRole(role).setDecidedAt(Instant.now())
                .setDecidedBy(decidedBy).setTrainingCommit(published.metadata().gitCommit())
                .setArchitecture(published.metadata().architecture()).build());
        return published;
    }

    static ModelRole role(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "champion" -> ModelRole.CHAMPION;
            case "challenger" -> ModelRole.CHALLENGER;
            default -> throw new IllegalArgumentException("--role must be champion or challenger, got " + value);
        };
    }
}
