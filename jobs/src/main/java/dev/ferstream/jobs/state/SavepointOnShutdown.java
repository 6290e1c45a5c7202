package dev.ferstream.jobs.state;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops a job that runs inside this JVM (a local MiniCluster, {@code ferstream run}) with a savepoint when the JVM is
 * asked to exit (SIGTERM, Ctrl-C). Without it the MiniCluster dies mid-checkpoint: the state since the last checkpoint
 * is replayed on the next start, and the sinks' open Kafka transactions hold back every read_committed consumer until
 * the restarted job (or the transaction timeout) aborts them. With it the job drains to a savepoint, commits its
 * output and ends FINISHED; the savepoint's path is printed, and {@code --resume-latest} finds it.
 *
 * <p>Its lines go to {@code out} (stderr) first: log4j's own shutdown hook runs at the same time and may already have
 * stopped logging. (Disabling that hook kept the log line but let Flink's shutdown-race warnings of every other
 * command through at exit, which DemoLogTest caught.)
 *
 * <p>Under {@code flink run} the cluster owns the job and its stopping ({@code flink stop --savepointPath}); this is
 * only installed for local runs. Without a savepoint directory (no {@code checkpoint.dir}) the job is cancelled, which
 * at least aborts its open transactions.
 */
public final class SavepointOnShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(SavepointOnShutdown.class);

    private final JobClient job;
    private final String savepointDir;
    private final Duration timeout;
    private final PrintStream out;

    public SavepointOnShutdown(JobClient job, String savepointDir, Duration timeout, PrintStream out) {
        this.job = job;
        this.savepointDir = savepointDir;
        this.timeout = timeout;
        this.out = out;
    }

    /** Registers {@link #stop} as a JVM shutdown hook. */
    public SavepointOnShutdown install() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "ferstream-stop-with-savepoint"));
        return this;
    }

    /**
     * Stops the job with a savepoint (bounded by the timeout) and returns its path; empty when the job had already
     * ended, had nowhere to write a savepoint (then it is cancelled), or the savepoint failed (said on {@code out}).
     */
    public Optional<String> stop() {
        if (ended()) {
            return Optional.empty();
        }
        try {
            if (savepointDir.isEmpty()) {
                report("stopping: no checkpoint.dir or savepoint.dir, so no savepoint; cancelling the job");
                job.cancel().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return Optional.empty();
            }
            report("stopping with a savepoint in " + savepointDir + " ...");
            String path = job.stopWithSavepoint(false, savepointDir, SavepointFormatType.CANONICAL)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            report("savepoint: " + path);
            return Optional.of(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report("stopping interrupted; no savepoint");
        } catch (Exception e) {
            report("savepoint failed: " + rootMessage(e) + " (the retained checkpoints are still there)");
        }
        return Optional.empty();
    }

    private boolean ended() {
        try {
            JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
            return status.isGloballyTerminalState();
        } catch (Exception e) {
            return true; // the cluster is gone already: nothing left to stop
        }
    }

    private void report(String line) {
        out.println(line);
        out.flush();
        LOG.info("{}", line);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
