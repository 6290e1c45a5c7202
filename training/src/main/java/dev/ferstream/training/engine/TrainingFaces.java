package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.Split;
import dev.ferstream.model.bundle.DataShare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A run's faces, read and split once at start. Each source is split on its own (the same validation settings), so
 * every source is represented in validation as in training; the validation faces are all sources' together.
 *
 * @param split       training faces of every source (in source order) and validation faces
 * @param fingerprint the data's fingerprint for model.json: the file's with one source, else one over the sources'
 * @param shares      each source as model.json records it
 * @param mix         how batches mix the sources, or null with one source (plain shuffled batches)
 */
record TrainingFaces(Split split, String fingerprint, List<DataShare> shares, FaceMix mix) {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingFaces.class);

    static TrainingFaces read(DataSettings settings, ValidationSettings validation, long seed) {
        Settings.require(settings.files().size() == 1 || validation.last() == 0,
                "--val-last holds out the last rows of one file; with several --data use --val-fraction");
        List<Split> splits = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (Path file : settings.files()) {
            FaceData data = read(settings, file);
            List<Face> faces = settings.limit() > 0 ? data.faces().subList(0, Math.min(settings.limit(), data.size())) : data.faces();
            Split split = validation.split(faces, seed);
            LOG.info("{} faces from {}: {} train, {} validation ({})", faces.size(), file, split.train().size(),
                    split.validation().size(), validation.description(seed));
            splits.add(split);
            fingerprints.add(Provenance.fingerprint(data.source()));
        }
        List<DataShare> shares = shares(settings, splits, fingerprints);
        Split all = concatenate(splits);
        if (splits.size() == 1) {
            return new TrainingFaces(all, fingerprints.get(0), shares, null);
        }
        FaceMix mix = new FaceMix(splits.stream().map(Split::train).toList(),
                shares.stream().mapToDouble(DataShare::weight).toArray(), seed);
        StringJoiner joined = new StringJoiner("\n");
        shares.forEach(s -> joined.add(s.fingerprint() + " " + s.weight()));
        return new TrainingFaces(all, Provenance.fingerprintOf(joined.toString()), shares, mix);
    }

    /** Each source's training faces, in --data order (one list for one source). */
    List<List<Face>> sourcesTrain() {
        return mix == null ? List.of(split.train()) : mix.sources();
    }

    /** The training faces of the sources numbered {@code oneBased} (as --data is counted); {@code option} names them. */
    List<Face> trainOf(List<Integer> oneBased, String option) {
        List<List<Face>> sources = sourcesTrain();
        List<Face> faces = new ArrayList<>();
        for (int s : oneBased) {
            Settings.require(s >= 1 && s <= sources.size(), option + " " + s + " but there " + (sources.size() == 1
                    ? "is only 1 --data source" : "are only " + sources.size() + " --data sources"));
            faces.addAll(sources.get(s - 1));
        }
        return faces;
    }

    private static FaceData read(DataSettings settings, Path file) {
        FaceData data = FaceReader.read(file, settings.readOptions());
        if (!data.skipped().isEmpty()) {
            LOG.warn("{}: {}", file, data.skippedSummary());
        }
        if (!data.allLabelled()) {
            throw new IllegalArgumentException(file + " has no labels (id,feature); training needs label,feature, Kaggle or folders");
        }
        return data;
    }

    private static List<DataShare> shares(DataSettings settings, List<Split> splits, List<String> fingerprints) {
        double[] weights = new double[splits.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = settings.weighted() ? settings.weights().get(i) : splits.get(i).train().size();
            total += weights[i];
        }
        List<DataShare> shares = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            Split s = splits.get(i);
            shares.add(new DataShare(settings.files().get(i).toString(), fingerprints.get(i),
                    s.train().size() + s.validation().size(), s.train().size(), weights[i], weights[i] / total));
        }
        return List.copyOf(shares);
    }

    private static Split concatenate(List<Split> splits) {
        if (splits.size() == 1) {
            return splits.get(0);
        }
        List<Face> train = new ArrayList<>();
        List<Face> validation = new ArrayList<>();
        for (Split s : splits) {
            train.addAll(s.train());
            validation.addAll(s.validation());
        }
        return new Split(train, validation);
    }
}
