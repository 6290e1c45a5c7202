package dev.ferstream.jobs.retrain;

import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.bundle.ParentModel;
import dev.ferstream.model.bundle.TrainingSettings;
import dev.ferstream.training.engine.Trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fine-tunes the candidate from the champion's local copy with the training module's {@link Trainer}, then points the
 * candidate's lineage at the champion's registry version: the trainer records the folder it started from, which for
 * a retrain is a copy in the work folder that will be gone, while the registry URI (with the weights' SHA-256) says
 * for good which published model the candidate descends from. The same for the teacher named in the training
 * settings (the champion, when it distils).
 */
final class CandidateTraining {
    private CandidateTraining() {
    }

    /**
     * Trains {@code out} from {@code champion} on {@code sources} mixed at {@code weights}, the champion teaching the
     * sources numbered {@code taught} and those numbered {@code cameras} shown through random cameras (1-based);
     * returns its model.json.
     */
    static ModelMetadata run(FineTuneSettings settings, ChampionVersion champion, String architecture, Path out,
                             List<Path> sources, List<Double> weights, List<Integer> taught, List<Integer> cameras)
            throws IOException {
        new Trainer(settings.config(architecture, champion.bundle(), out, sources, weights, taught, cameras)).run();
        ModelMetadata m = ModelBundle.readMetadata(out);
        ParentModel p = m.parent();
        ModelMetadata withRegistryParent = new ModelMetadata(m.formatVersion(), m.architecture(), m.labels(),
                m.inputScaling(), m.totalParams(), m.trainableParams(), m.nonTrainableParams(), m.dataFingerprint(),
                m.trainRows(), m.validationRows(), m.epochs(), m.bestEpoch(), m.bestValidationAccuracy(),
                m.trainingSeconds(), m.trainImagesPerSecond(), withRegistryTeacher(m.training(), champion), m.gitCommit(),
                m.createdAt(), m.runs(),
                new ParentModel(champion.uri(), p.version(), p.createdAt(), p.gitCommit(), p.sha256()), m.dataMix());
        ModelBundle.writeMetadata(out, withRegistryParent);
        return withRegistryParent;
    }

    private static TrainingSettings withRegistryTeacher(TrainingSettings t, ChampionVersion champion) {
        if (t.distillation() == null) {
            return t;
        }
        return new TrainingSettings(t.optimizer(), t.learningRate(), t.schedule(), t.weightDecay(), t.batchSize(),
                t.augmentation(), t.classWeights(), t.labelSmoothing(), t.split(), t.seed(), t.threads(), t.swaFrom(),
                t.swaLearningRate(), t.distillation().replace("teacher=" + champion.bundle(), "teacher=" + champion.uri()),
                t.frozenFrom());
    }
}
