package dev.ferstream.model.bundle;

/**
 * One {@code ferstream train} invocation that trained a bundle for some epochs. A bundle continued with
 * {@code --resume} (another stretch of the schedule, other threads or learning rate) keeps one entry per invocation in
 * {@code model.json}, so its metadata tells how the shipped weights were really produced, not only the last command.
 *
 * @param firstEpoch the first epoch this invocation trained (1-based)
 * @param lastEpoch  the last epoch it trained, as of its latest write of {@code model.json}
 * @param startedFrom "fresh", "init-from" (another bundle's weights: a fine-tune), "checkpoint" (weights and
 *                    optimizer state) or "bundle" (the bundle's best weights with a fresh optimizer, when no
 *                    checkpoint was there)
 * @param settings   its command-line settings
 * @param seconds    its wall time for those epochs, including validation
 * @param gitCommit  the commit of the code that ran
 * @param finishedAt when it last wrote {@code model.json} (UTC, ISO-8601)
 */
public record TrainingRun(int firstEpoch, int lastEpoch, String startedFrom, TrainingSettings settings, double seconds,
                          String gitCommit, String finishedAt) {
}
