package dev.ferstream.training.report;

import dev.ferstream.data.Face;
import dev.ferstream.data.Split;
import dev.ferstream.model.bundle.ModelMetadata;

import java.util.List;
import java.util.Locale;

/**
 * Rebuilds a bundle's validation faces from the training file and the bundle's recorded split
 * ({@code stratified:FRACTION:seedSEED}, {@code last:N}, or {@code none}: no validation faces), using only the rows training used
 * ({@code trainRows + validationRows}, so {@code --limit} runs are reproduced too).
 */
public final class ValidationSplit {
    private ValidationSplit() {
    }

    public static List<Face> of(List<Face> trainingFile, ModelMetadata metadata) {
        return split(trainingFile, metadata).validation();
    }

    /** The bundle's train/validation split of the training file. */
    public static Split split(List<Face> trainingFile, ModelMetadata metadata) {
        String split = metadata.training() == null ? null : metadata.training().split();
        if (split == null) {
            throw new IllegalArgumentException("bundle metadata has no training.split; cannot rebuild its validation faces");
        }
        if (metadata.dataMixOrEmpty().size() > 1) {
            throw new IllegalArgumentException("the bundle was trained on a mix of " + metadata.dataMix().size()
                    + " sources; its validation faces cannot be rebuilt from one training file");
        }
        int used = metadata.trainRows() + metadata.validationRows();
        if (used > trainingFile.size()) {
            throw new IllegalArgumentException("the bundle was trained on " + used + " rows but the training file has "
                    + trainingFile.size() + "; pass the same --data");
        }
        List<Face> faces = trainingFile.subList(0, used);
        String[] parts = split.toLowerCase(Locale.ROOT).split(":");
        try {
            if (parts[0].equals("last") && parts.length == 2) {
                return Split.lastRows(faces, Integer.parseInt(parts[1]));
            }
            if (parts[0].equals("none") && parts.length == 1) {
                return new Split(faces, List.of()); // trained on every face (--val-fraction 0)
            }
            if (parts[0].equals("stratified") && parts.length == 3 && parts[2].startsWith("seed")) {
                return Split.stratified(faces, Double.parseDouble(parts[1]), Long.parseLong(parts[2].substring(4)));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("unknown split '" + split + "' (expected stratified:F:seedN, last:N or none)");
    }
}
