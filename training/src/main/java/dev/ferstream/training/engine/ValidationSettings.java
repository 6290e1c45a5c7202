package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.data.Split;

import java.util.List;

/**
 * Which faces are held out to choose the best epoch and to stop early.
 *
 * @param last     hold out the last N rows (the homework's split) when > 0
 * @param fraction otherwise a seeded stratified fraction; 0 = no validation: every face trains, and the bundle holds
 *                 the last epoch's weights (or the average)
 * @param patience early-stopping patience in epochs without validation improvement (0 = off)
 */
public record ValidationSettings(int last, double fraction, int patience) {
    public ValidationSettings {
        Settings.require(patience >= 0, "patience must be >= 0, got " + patience);
        Settings.require(last > 0 || (fraction >= 0 && fraction < 1),
                "validation fraction must be in [0,1), got " + fraction);
        Settings.require(holdsOut(last, fraction) || patience == 0,
                "early stopping needs validation faces: with --val-fraction 0 use --patience 0");
    }

    /** Whether some faces are held out for validation (early stopping, best-epoch selection). */
    public boolean hasValidation() {
        return holdsOut(last, fraction);
    }

    /** (Static: the compact constructor runs before the fields it would read are assigned.) */
    private static boolean holdsOut(int last, double fraction) {
        return last > 0 || fraction > 0;
    }

    /** Whether {@code sinceBest} epochs without improvement end the run. */
    boolean exhausted(int sinceBest) {
        return patience > 0 && sinceBest >= patience;
    }

    Split split(List<Face> faces, long seed) {
        return last > 0 ? Split.lastRows(faces, last)
                : hasValidation() ? Split.stratified(faces, fraction, seed)
                : new Split(faces, List.of());
    }

    /** The split as model.json records it, e.g. {@code last:3589}, {@code stratified:0.1:seed42} or {@code none}. */
    public String description(long seed) {
        return last > 0 ? "last:" + last : hasValidation() ? "stratified:" + fraction + ":seed" + seed : "none";
    }
}
