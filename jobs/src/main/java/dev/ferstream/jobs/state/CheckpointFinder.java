package dev.ferstream.jobs.state;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the state a restarted job should resume from, through Flink's filesystem abstraction so that any directory
 * Flink can checkpoint to ({@code file://}, {@code s3://} with its plugin, ...) can be searched.
 *
 * <p>Flink lays out retained checkpoints as {@code <checkpoint.dir>/<job id>/chk-<N>/_metadata} and savepoints as
 * {@code <savepoint dir>/savepoint-<id>/_metadata}; a directory without {@code _metadata} is a checkpoint still being
 * written or one that failed, and cannot be restored. The newest is the one whose {@code _metadata} was written last,
 * with the checkpoint number breaking ties: numbers alone mislead, because a job started fresh counts from 1 again
 * while an older job's higher numbers are still retained. Savepoints count as well: after a stop with a savepoint
 * (SIGTERM to {@code ferstream run}) the savepoint is newer than every retained checkpoint.
 */
public final class CheckpointFinder {
    /** The file Flink writes last when a checkpoint or savepoint completes. */
    public static final String METADATA = "_metadata";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");
    private static final Pattern SAVEPOINT = Pattern.compile("savepoint-.+");

    private CheckpointFinder() {
    }

    /** A restorable snapshot: its directory, when its metadata was written, and its checkpoint number (0 for savepoints). */
    public record Snapshot(String path, long writtenAt, long number) {
        static final Comparator<Snapshot> NEWEST_LAST = Comparator.comparingLong(Snapshot::writtenAt)
                .thenComparingLong(Snapshot::number);
    }

    /** The newest completed checkpoint under {@code checkpointDir} or savepoint under {@code savepointDir} (either may be empty). */
    public static Optional<Snapshot> latest(String checkpointDir, String savepointDir) throws IOException {
        List<Snapshot> found = new ArrayList<>();
        if (!checkpointDir.isEmpty()) {
            found.addAll(checkpoints(new Path(checkpointDir)));
        }
        if (!savepointDir.isEmpty()) {
            found.addAll(savepoints(new Path(savepointDir)));
        }
        return found.stream().max(Snapshot.NEWEST_LAST);
    }

    /** Every completed {@code <job id>/chk-N} under a checkpoint directory. */
    static List<Snapshot> checkpoints(Path dir) throws IOException {
        List<Snapshot> found = new ArrayList<>();
        for (FileStatus job : list(dir)) {
            if (!job.isDir()) {
                continue;
            }
            for (FileStatus chk : list(job.getPath())) {
                Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
                if (chk.isDir() && m.matches()) {
                    completed(chk.getPath(), Long.parseLong(m.group(1))).ifPresent(found::add);
                }
            }
        }
        return found;
    }

    /** Every completed {@code savepoint-*} in a savepoint directory. */
    static List<Snapshot> savepoints(Path dir) throws IOException {
        List<Snapshot> found = new ArrayList<>();
        for (FileStatus sp : list(dir)) {
            if (sp.isDir() && SAVEPOINT.matcher(sp.getPath().getName()).matches()) {
                completed(sp.getPath(), 0).ifPresent(found::add);
            }
        }
        return found;
    }

    /** True when {@code path} is a snapshot directory with {@code _metadata}, or that file itself. */
    public static boolean isRestorable(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem();
        if (!fs.exists(p)) {
            return false;
        }
        return fs.getFileStatus(p).isDir() ? fs.exists(new Path(p, METADATA)) : p.getName().equals(METADATA);
    }

    private static Optional<Snapshot> completed(Path dir, long number) throws IOException {
        Path metadata = new Path(dir, METADATA);
        FileSystem fs = metadata.getFileSystem();
        if (!fs.exists(metadata)) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(dir.toString(), fs.getFileStatus(metadata).getModificationTime(), number));
    }

    /** The entries of a directory; none when it does not exist (nothing was ever checkpointed there). */
    private static List<FileStatus> list(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        if (!fs.exists(dir)) {
            return List.of();
        }
        FileStatus[] entries = fs.listStatus(dir);
        return entries == null ? List.of() : List.of(entries);
    }
}
