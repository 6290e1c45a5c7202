package dev.ferstream.jobs.retrain;

import dev.ferstream.data.DataLayout;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.data.TimeRange;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The labelled faces a retrain starts from: a feedback store (or one of its part files) read through model-lib's
 * reader, so a truncated or foreign part file fails with the same one line as everywhere else.
 *
 * @param source the store given with {@code --feedback}
 * @param read   faces in the store within the truth-time range
 * @param faces  the faces kept: the last {@code limit} of {@code read}
 */
public record FeedbackFaces(Path source, int read, List<Face> faces) {
    public FeedbackFaces {
        faces = List.copyOf(faces);
    }

    /**
     * Reads the store and keeps at most {@code limit} faces (0 = all): the last ones in the reader's order, which is by
     * hourly truth-time bucket, oldest first, so they are the faces of the most recent hours.
     */
    public static FeedbackFaces read(Path store, TimeRange truthTime, int limit) {
        if (!Files.exists(store)) {
            throw new IllegalArgumentException("--feedback " + store + ": no such file or directory");
        }
        FaceData data = FaceReader.read(store, new ReadOptions(false, null, truthTime));
        if (data.format() != DataLayout.FEEDBACK) {
            throw new IllegalArgumentException("--feedback " + store + " is " + data.format()
                    + " data, not the stream's feedback store (dt=*/hour=*/*.avro or one such .avro file)");
        }
        List<Face> all = data.faces();
        List<Face> kept = limit > 0 && all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
        return new FeedbackFaces(store, all.size(), kept);
    }
}
