package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Augmentation;
import dev.ferstream.training.engine.DataSettings;
import dev.ferstream.training.engine.Distillation;
import dev.ferstream.training.engine.FreezePoint;
import dev.ferstream.training.engine.OptimizerSettings;
import dev.ferstream.training.engine.RegularizationSettings;
import dev.ferstream.training.engine.RuntimeSettings;
import dev.ferstream.training.engine.TrainingConfig;
import dev.ferstream.training.engine.ValidationSettings;
import dev.ferstream.training.engine.WeightAveraging;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How the candidate is fine-tuned from the champion ({@code train --init-from} semantics: the champion's weights, a
 * fresh optimizer, this run's own schedule). No validation split and no early stopping: the feedback's hold-out is
 * the only judge, and carving a second hold-out out of a few thousand faces would leave too few to train on; the
 * candidate is the last epoch's weights.
 *
 * @param epochs         epochs over the mix
 * @param batchSize      mini-batch size
 * @param optimizer      adam | nesterov | sgd
 * @param learningRate   initial learning rate
 * @param schedule       constant | cosine | step:EVERY:GAMMA
 * @param augment        none | light | standard | strong
 * @param labelSmoothing label smoothing, in [0, 1)
 * @param distillWeight  the champion's share of the labels of the replayed faces, judged as drawn (distillation,
 *                       {@link Distillation}), in [0, 1]; 0 = off
 * @param freezeFrom     the champion's layers from this one on keep their weights ({@link FreezePoint}: none,
 *                       last-stage or a layer number): a new camera changes the low-level picture, so the first stages
 *                       adapt and the last stage and head keep what they knew (bench/loop/study: on loop run 11's
 *                       faces the original ones lost 0.004 instead of 0.012, and the camera's recovered more)
 * @param seed           seed for the replay sample, batch order and augmentation
 * @param bnRecalibrate  faces used to recompute the candidate's BatchNorm statistics once it has trained, feedback
 *                       and original faces at the feedback's share of the mix ({@link BatchNormForBoth}); 0 = off
 * @param perCamera      statistics per camera ({@link PerCameraStatistics}) rather than one set for both
 *                       ({@link BatchNormForBoth}) when there is a replay
 * @param prefetch       prepare batches on a background thread
 */
public record FineTuneSettings(int epochs, int batchSize, String optimizer, double learningRate, String schedule,
                               String augment, double labelSmoothing, double distillWeight, String freezeFrom, long seed,
                               int bnRecalibrate, boolean perCamera, boolean prefetch) {
    public FineTuneSettings {
        augmentation(augment); // validates
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(distillWeight >= 0 && distillWeight <= 1)) {
            throw new IllegalArgumentException("--distill-weight must be in [0, 1], got " + distillWeight);
        }
    }

    /**
     * The training run: {@code sources} (feedback part first, then the replay's parts if any) with their weights,
     * starting from {@code champion}, which teaches the sources numbered {@code taught} (1-based) when distilling, those
     * numbered {@code cameras} shown through random cameras, writing the candidate to {@code out}.
     */
    public TrainingConfig config(String architecture, Path champion, Path out, List<Path> sources, List<Double> weights,
                                 List<Integer> taught, List<Integer> cameras) {
        Distillation distillation = distillWeight > 0 && !taught.isEmpty()
                ? new Distillation(champion, distillWeight, taught) : Distillation.NONE;
        return new TrainingConfig(architecture, out, epochs, batchSize, seed, false, champion,
                new DataSettings(sources, weights, null, 0, false),
                new OptimizerSettings(optimizer, learningRate, schedule, 0, WeightAveraging.NONE,
                        FreezePoint.resolve(freezeFrom, architecture)),
                new ValidationSettings(0, 0, 0),
                new RegularizationSettings(false, labelSmoothing, augmentation(augment), distillation, cameras),
                new RuntimeSettings(0, prefetch, 0)); // statistics once, at the end (BatchNormForBoth)
    }

    /** The named augmentation (the train command's names). */
    static Augmentation augmentation(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> Augmentation.NONE;
            case "light" -> Augmentation.LIGHT;
            case "standard" -> Augmentation.STANDARD;
            case "strong" -> Augmentation.STRONG;
            default -> throw new IllegalArgumentException("--augment must be none, light, standard or strong, got '" + name + "'");
        };
    }
}
