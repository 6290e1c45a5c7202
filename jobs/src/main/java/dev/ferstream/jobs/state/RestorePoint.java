package dev.ferstream.jobs.state;

import dev.ferstream.jobs.config.DeliverySettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Where a starting job takes its state from: {@code --from-savepoint PATH} (a savepoint or a retained checkpoint),
 * {@code --resume-latest} (the newest one {@link CheckpointFinder} sees under {@code checkpoint.dir} and the savepoint
 * directory), or nothing (a fresh start). Both options become Flink's {@code execution.state-recovery.path}, the key
 * behind {@code flink run -s}, so a restored job is restored by Flink itself, operator by operator through the uids.
 *
 * @param fromSavepoint the path given with {@code --from-savepoint}, or null
 * @param resumeLatest  whether {@code --resume-latest} was given
 */
public record RestorePoint(String fromSavepoint, boolean resumeLatest) {
    private static final Logger LOG = LoggerFactory.getLogger(RestorePoint.class);
    public static final RestorePoint FRESH = new RestorePoint(null, false);

    public RestorePoint {
        if (fromSavepoint != null && resumeLatest) {
            throw new IllegalArgumentException("choose one of --from-savepoint PATH and --resume-latest, not both");
        }
        if (fromSavepoint != null && fromSavepoint.isBlank()) {
            throw new IllegalArgumentException("--from-savepoint needs a path");
        }
    }

    /**
     * The snapshot to restore, or empty for a fresh start; says on {@code out} (and in the log) which one and why.
     * A path that cannot be restored or a {@code --resume-latest} with nowhere to look is a one-line error.
     */
    public Optional<String> resolve(DeliverySettings delivery, PrintStream out) {
        if (fromSavepoint != null) {
            String path = uri(fromSavepoint);
            if (!restorable(path)) {
                throw new IllegalArgumentException("--from-savepoint " + fromSavepoint + ": no " + CheckpointFinder.METADATA
                        + " there; give a savepoint directory (savepoint-...) or a retained checkpoint (<job id>/chk-N)");
            }
            return say(out, "restoring state from " + path, path);
        }
        if (!resumeLatest) {
            return Optional.empty();
        }
        if (!delivery.durable() && delivery.savepointDir().isEmpty()) {
            throw new IllegalArgumentException("--resume-latest needs checkpoint.dir (where retained checkpoints are kept)");
        }
        Optional<CheckpointFinder.Snapshot> latest;
        try {
            latest = CheckpointFinder.latest(delivery.checkpointDir(), delivery.effectiveSavepointDir());
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume-latest: cannot list " + delivery.checkpointDir() + ": " + e.getMessage(), e);
        }
        if (latest.isEmpty()) {
            say(out, "--resume-latest: no completed checkpoint or savepoint under " + delivery.checkpointDir()
                    + (delivery.savepointDir().isEmpty() ? "" : " or " + delivery.savepointDir()) + "; starting fresh", null);
            return Optional.empty();
        }
        return say(out, "resuming from the latest retained state: " + latest.get().path(), latest.get().path());
    }

    /** Makes the environment's next job start from {@code path} (Flink's {@code execution.state-recovery.path}). */
    public static void apply(StreamExecutionEnvironment env, Optional<String> path) {
        path.ifPresent(p -> {
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, p);
            env.configure(restore);
        });
    }

    /** A local path as a {@code file:} URI (so the JobManager does not read it relative to its own directory); URIs as given. */
    static String uri(String path) {
        return path.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") ? path
                : Paths.get(path).toAbsolutePath().normalize().toUri().toString();
    }

    private static boolean restorable(String path) {
        try {
            return CheckpointFinder.isRestorable(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("--from-savepoint " + path + ": cannot read it: " + e.getMessage(), e);
        }
    }

    private static Optional<String> say(PrintStream out, String line, String path) {
        out.println(line);
        LOG.info("{}", line);
        return Optional.ofNullable(path);
    }
}
