package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import dev.ferstream.data.SoftTargets;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Classifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teacher's probabilities on the distilled sources' training faces, computed once before the first epoch. Once,
 * on the faces as read (no augmentation): the teacher is fixed, so per-batch inference would repeat the same work on
 * every epoch, and the augmented copy the student sees is the same expression the teacher judged.
 */
final class TeacherTargets {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherTargets.class);
    private static final int BATCH = 256;

    private TeacherTargets() {
    }

    static SoftTargets of(Distillation distillation, TrainingFaces faces) {
        if (!distillation.enabled()) {
            return SoftTargets.none();
        }
        List<Face> covered = distillation.sources().isEmpty() ? faces.split().train()
                : faces.trainOf(distillation.sources(), "--distill-data");
        long start = System.nanoTime();
        float[][] p = new Classifier(ModelBundle.load(distillation.teacher()).network(), false)
                .probabilities(covered.stream().map(Face::pixels).toList(), BATCH);
        Map<Face, float[]> byFace = new IdentityHashMap<>();
        for (int i = 0; i < p.length; i++) {
            byFace.put(covered.get(i), p[i]);
        }
        LOG.info("distillation: {}'s probabilities on {} training faces in {} s, weight {}", distillation.teacher(),
                covered.size(), Math.round((System.nanoTime() - start) / 1e8) / 10.0, distillation.weight());
        return SoftTargets.of(byFace, distillation.weight());
    }
}
