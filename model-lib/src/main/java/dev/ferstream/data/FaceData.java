package dev.ferstream.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The faces read from one source, with what was skipped, so callers can report "read N, skipped M (lines ...)".
 *
 * @param source  the file or folder read
 * @param format  the detected layout
 * @param faces   faces in file order
 * @param skipped rows skipped under --skip-bad, in file order
 */
public record FaceData(Path source, DataLayout format, List<Face> faces, List<BadRow> skipped) {
    public FaceData {
        faces = List.copyOf(faces);
        skipped = List.copyOf(skipped);
    }

    public int size() {
        return faces.size();
    }

    public boolean allLabelled() {
        return faces.stream().allMatch(Face::labelled);
    }

    /** Attaches labels by id (for id,feature files); every face must have one. */
    public FaceData withLabels(Map<String, Integer> labelsById, Path labelsFile) {
        List<Face> labelled = faces.stream().map(face -> {
            Integer label = labelsById.get(face.id());
            if (label == null) {
                throw new DataFormatException(labelsFile, 0, "no label for id " + face.id() + " of " + source);
            }
            return face.withLabel(label);
        }).toList();
        return new FaceData(source, format, labelled, skipped);
    }

    /** Summary of skipped rows for the console: count and the first few line numbers. */
    public String skippedSummary() {
        if (skipped.isEmpty()) {
            return "no bad rows";
        }
        StringBuilder out = new StringBuilder("skipped " + skipped.size() + " bad row(s):");
        skipped.stream().limit(10).forEach(b -> out.append("\n  line ").append(b.line()).append(": ").append(b.problem()));
        if (skipped.size() > 10) {
            out.append("\n  ... and ").append(skipped.size() - 10).append(" more");
        }
        return out.toString();
    }
}
