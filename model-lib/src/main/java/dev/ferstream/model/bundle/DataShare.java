package dev.ferstream.model.bundle;

/**
 * One source of a run's training faces and its share of every mini-batch, recorded in {@code model.json}: a model
 * fine-tuned on stream feedback mixed with replayed FER2013 must say how much of each it saw.
 *
 * @param path           the data file or folder
 * @param fingerprint    "sha256:" + the first 16 hex digits of the file's SHA-256 (or why it is unavailable)
 * @param rows           faces read (after --limit)
 * @param trainRows      of those, faces that trained (the rest were validation)
 * @param weight         the mixing weight: as given with --data-weight, else the source's training rows
 * @param share          weight / sum of weights: the fraction of each batch drawn from this source
 */
public record DataShare(String path, String fingerprint, int rows, int trainRows, double weight, double share) {
}
