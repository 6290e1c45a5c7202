package dev.ferstream.jobs.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The demo's one logging exception to the CLI's configuration. Its sources are bounded, so the job ends with tasks
 * finishing while checkpoints every 2 s are still triggered; a trigger that reaches a task the TaskManager has just
 * removed is declined ("checkpoint request for unknown task"), and Flink's CheckpointFailureManager logs that as a
 * WARN with a stack trace although nothing is lost (it does not even count as a failed attempt, and the final
 * checkpoint commits every sink). In a run against a real cluster ({@code ferstream run}) the same logger stays at
 * WARN, where failed checkpoints matter. A failure that does matter fails the job, which the demo reports.
 */
final class DemoLogging {
    static final String CHECKPOINT_FAILURES = "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";

    private DemoLogging() {
    }

    static void quietEndOfInput() {
        Configurator.setLevel(CHECKPOINT_FAILURES, Level.ERROR);
    }
}
