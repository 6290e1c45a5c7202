package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.lifecycle.Decisions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code models}: what serves, what shadows, and every decision the models topic still holds. */
@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show the champion, the challenger and the history of the models topic.")
public final class ModelsCommand implements Callable<Integer> {
    @Mixin
    ModelsTopicOptions topic;

    @Override
    public Integer call() {
        ModelsTopic.Snapshot snapshot = topic.topic().read();
        print(snapshot.updates(), System.out);
        return 0;
    }

    static void print(List<ModelUpdate> history, PrintStream out) {
        Decisions.Current now = Decisions.current(history);
        out.println("champion:   " + describe(now.champion()));
        out.println("challenger: " + describe(now.challenger()));
        out.println("history (" + history.size() + " decisions, oldest first; compaction keeps each version's latest):");
        for (ModelUpdate u : history) {
            out.printf(Locale.ROOT, "  %s  %-10s %-22s %-12s by %-8s %s%n", u.getDecidedAt(),
                    u.getRole().name().toLowerCase(Locale.ROOT), u.getName() + "/" + u.getVersion(),
                    u.getArchitecture(), u.getDecidedBy(), u.getUri());
        }
    }

    private static String describe(ModelUpdate u) {
        return u == null ? "(none: jobs serve their model.path)"
                : u.getName() + "/" + u.getVersion() + " (" + u.getArchitecture() + ", sha256 "
                + u.getManifestSha256().substring(0, 12) + "…, " + u.getUri() + ")";
    }
}
