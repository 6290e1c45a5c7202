package dev.ferstream.jobs.state;

import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.config.DeliverySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The latest-state finder and the start options on a directory tree laid out as Flink lays out checkpoints. */
class CheckpointFinderTest {
    private static final String JOB_A = "0123456789abcdef0123456789abcdef";
    private static final String JOB_B = "fedcba9876543210fedcba9876543210";

    /** A chk-N (or savepoint) directory, with {@code _metadata} written at {@code second} when given. */
    private static Path snapshot(Path dir, Integer second) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("some-state-file"), "x");
        if (second != null) {
            Path metadata = Files.writeString(dir.resolve("_metadata"), "m");
            Files.setLastModifiedTime(metadata, FileTime.fromMillis(1_700_000_000_000L + second * 1000L));
        }
        return dir;
    }

    private static String name(Optional<CheckpointFinder.Snapshot> s) {
        return s.map(x -> x.path().substring(x.path().indexOf("/chk/") + 5)).orElse("none");
    }

    @Test
    void newestCompletedCheckpointAcrossJobsWinsAndIncompleteOnesAreSkipped(@TempDir Path root) throws Exception {
        Path chk = root.resolve("chk");
        snapshot(chk.resolve(JOB_A).resolve("chk-41"), 10);
        snapshot(chk.resolve(JOB_A).resolve("chk-42"), 20);
        snapshot(chk.resolve(JOB_B).resolve("chk-7"), 30);   // a later job, restored or fresh: lower number, newer
        snapshot(chk.resolve(JOB_B).resolve("chk-8"), null); // being written (or failed): no _metadata
        Files.createDirectories(chk.resolve(JOB_B).resolve("shared"));
        Files.createDirectories(chk.resolve(JOB_B).resolve("taskowned"));
        Files.writeString(chk.resolve("stray-file"), "not a job folder");
        assertEquals(JOB_B + "/chk-7", name(CheckpointFinder.latest(chk.toUri().toString(), "")));

        snapshot(chk.resolve(JOB_B).resolve("chk-9"), 30); // same second: the higher number wins the tie
        assertEquals(JOB_B + "/chk-9", name(CheckpointFinder.latest(chk.toString(), "")));
    }

    @Test
    void aSavepointNewerThanEveryCheckpointIsTheLatestState(@TempDir Path root) throws Exception {
        Path chk = root.resolve("chk");
        snapshot(chk.resolve(JOB_A).resolve("chk-3"), 10);
        Path savepoint = snapshot(chk.resolve("savepoints").resolve("savepoint-012345-abcdef012345"), 20);
        snapshot(chk.resolve("savepoints").resolve("savepoint-012345-000000000000"), null);
        Optional<CheckpointFinder.Snapshot> latest = CheckpointFinder.latest(chk.toUri().toString(), chk.resolve("savepoints").toUri().toString());
        assertTrue(latest.orElseThrow().path().endsWith(savepoint.toString()), latest.get().path());
        assertEquals(0, latest.get().number());
    }

    @Test
    void nothingToResumeIsEmptyNotAnError(@TempDir Path root) throws Exception {
        assertEquals(Optional.empty(), CheckpointFinder.latest(root.resolve("never-written").toUri().toString(), ""));
        snapshot(root.resolve(JOB_A).resolve("chk-1"), null);
        assertEquals(Optional.empty(), CheckpointFinder.latest(root.toString(), root.resolve("savepoints").toString()));
    }

    @Test
    void startOptionsResolveOrFailInOneLine(@TempDir Path root) throws Exception {
        DeliverySettings delivery = JobConfig.defaultsWith(Map.of("checkpoint.dir", root.toUri().toString())).delivery();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);

        assertEquals(Optional.empty(), new RestorePoint(null, true).resolve(delivery, out));
        assertEquals("--resume-latest: no completed checkpoint or savepoint under " + root.toUri() + "; starting fresh",
                said.toString(StandardCharsets.UTF_8).trim());

        Path chk = snapshot(root.resolve(JOB_A).resolve("chk-5"), 5);
        assertEquals(Optional.of(chk.toUri().toString().replaceFirst("/$", "")),
                new RestorePoint(null, true).resolve(delivery, out).map(p -> p.replaceFirst("^file:/", "file:///")));
        assertEquals(Optional.of(chk.toUri().toString()), new RestorePoint(chk.toString(), false).resolve(delivery, out),
                "a local path becomes a file: URI the JobManager reads the same way");

        Path empty = Files.createDirectories(root.resolve("not-a-savepoint"));
        assertEquals("--from-savepoint " + empty + ": no _metadata there; give a savepoint directory (savepoint-...)"
                + " or a retained checkpoint (<job id>/chk-N)",
                assertThrows(IllegalArgumentException.class, () -> new RestorePoint(empty.toString(), false).resolve(delivery, out)).getMessage());
        assertEquals("choose one of --from-savepoint PATH and --resume-latest, not both",
                assertThrows(IllegalArgumentException.class, () -> new RestorePoint(chk.toString(), true)).getMessage());
        assertEquals("--resume-latest needs checkpoint.dir (where retained checkpoints are kept)",
                assertThrows(IllegalArgumentException.class, () -> new RestorePoint(null, true)
                        .resolve(DeliverySettings.DEFAULTS, out)).getMessage());
    }
}
