package dev.ferstream.jobs.lifecycle;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelUpdate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What promote, rollback and retire mean in terms of the models topic's history: each turns an existing decision into
 * a new one, so the history says who decided what and when, and a job replaying it ends where the tools meant.
 */
public final class Decisions {
    private Decisions() {
    }

    /** The current champion and challenger according to the history (null where none). */
    public record Current(ModelUpdate champion, ModelUpdate challenger) {
    }

    public static Current current(List<ModelUpdate> history) {
        ModelUpdate champion = null;
        ModelUpdate challenger = null;
        for (ModelUpdate u : history) {
            switch (u.getRole()) {
                case CHAMPION -> {
                    if (challenger != null && same(challenger, u)) {
                        challenger = null;
                    }
                    champion = u;
                }
                case CHALLENGER -> challenger = champion != null && same(champion, u) ? challenger : u;
                case RETIRED -> challenger = challenger != null && same(challenger, u) ? null : challenger;
            }
        }
        return new Current(champion, challenger);
    }

    /** The challenger (or the named version) as champion. */
    public static ModelUpdate promote(List<ModelUpdate> history, String version) {
        ModelUpdate target = version == null ? current(history).challenger() : latest(history, version)
                .orElseThrow(() -> new IllegalArgumentException("version " + version + " was never published to this topic"));
        if (target == null) {
            throw new IllegalArgumentException("there is no challenger to promote; name one with --version");
        }
        return as(target, ModelRole.CHAMPION, "promote");
    }

    /** The champion before the current one, as champion again. */
    public static ModelUpdate rollback(List<ModelUpdate> history) {
        ModelUpdate current = current(history).champion();
        if (current == null) {
            throw new IllegalArgumentException("no champion has been published to this topic; nothing to roll back");
        }
        ModelUpdate previous = null;
        for (ModelUpdate u : history) {
            if (u.getRole() == ModelRole.CHAMPION && !same(u, current)) {
                previous = u;
            }
        }
        if (previous == null) {
            throw new IllegalArgumentException(current.getName() + "/" + current.getVersion()
                    + " is the only champion this topic has had; nothing to roll back to");
        }
        return as(previous, ModelRole.CHAMPION, "rollback");
    }

    /** The challenger stops shadowing. */
    public static ModelUpdate retire(List<ModelUpdate> history) {
        ModelUpdate challenger = current(history).challenger();
        if (challenger == null) {
            throw new IllegalArgumentException("there is no challenger to retire");
        }
        return as(challenger, ModelRole.RETIRED, "retire");
    }

    private static Optional<ModelUpdate> latest(List<ModelUpdate> history, String version) {
        ModelUpdate found = null;
        for (ModelUpdate u : history) {
            if (u.getVersion().equals(version) || (u.getName() + "/" + u.getVersion()).equals(version)) {
                found = u;
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean same(ModelUpdate a, ModelUpdate b) {
        return a.getName().equals(b.getName()) && a.getVersion().equals(b.getVersion())
                && a.getManifestSha256().equals(b.getManifestSha256());
    }

    private static ModelUpdate as(ModelUpdate u, ModelRole role, String by) {
        return ModelUpdate.newBuilder(u).setRole(role).setDecidedAt(Instant.now()).setDecidedBy(by).build();
    }
}
