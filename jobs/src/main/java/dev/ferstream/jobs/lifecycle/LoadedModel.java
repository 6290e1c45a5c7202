package dev.ferstream.jobs.lifecycle;

/**
 * A version verified, loaded and warmed up, ready to swap in.
 *
 * @param model   what the operator serves with (a classifier runner, a saliency provider)
 * @param seconds fetch + verify + load + warm-up time
 */
public record LoadedModel<T>(ModelRef ref, T model, double seconds) {
}
