package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * A run's faces, read and split once at start.
 *
 * @param source the file or folder read (its fingerprint goes into model.json)
 * @param split  training and validation faces
 */
record TrainingFaces(Path source, Split split) {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingFaces.class);

    static TrainingFaces read(DataSettings settings, ValidationSettings validation, long seed) {
        FaceData data = FaceReader.read(settings.file(), settings.readOptions());
        if (!data.skipped().isEmpty()) {
            LOG.warn("{}: {}", settings.file(), data.skippedSummary());
        }
        if (!data.allLabelled()) {
            throw new IllegalArgumentException(settings.file() + " has no labels (id,feature); training needs label,feature, Kaggle or folders");
        }
        List<Face> faces = settings.limit() > 0 ? data.faces().subList(0, Math.min(settings.limit(), data.size())) : data.faces();
        Split split = validation.split(faces, seed);
        LOG.info("{} faces from {}: {} train, {} validation ({})", faces.size(), settings.file(), split.train().size(),
                split.validation().size(), validation.description(seed));
        return new TrainingFaces(data.source(), split);
    }
}
