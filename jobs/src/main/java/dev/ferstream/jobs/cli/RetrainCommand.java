package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.cli.TruthTimeOptions;
import dev.ferstream.data.DataLocator;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.retrain.ChampionVersion;
import dev.ferstream.jobs.retrain.FineTuneSettings;
import dev.ferstream.training.engine.FreezePoint;
import dev.ferstream.jobs.retrain.Retrain;
import dev.ferstream.jobs.retrain.RetrainRequest;
import dev.ferstream.jobs.retrain.RetrainSummary;
import dev.ferstream.model.bundle.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ferstream retrain}: the feedback loop's offline half as one command. Everything is decided by the
 * {@link Retrain} steps; this class only turns options into a {@link RetrainRequest}, wires the registry and the
 * models topic in (publishing through {@link PublishCommand#publish}, the same code as {@code publish}), and maps
 * the decision to the exit status a scheduler can act on.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune the champion on the stream's feedback faces, compare it with the champion on a hold-out"
                + " of those faces (McNemar), and publish it as challenger only when it is better."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the candidate was better and is published as challenger",
                "1:the gate refused the candidate (nothing published)",
                "2:usage error or bad input: empty or short feedback, champion missing or failing its checksum, a used --work (one line on stderr)"})
public final class RetrainCommand implements Callable<Integer> {
    static final int EXIT_PUBLISHED = 0;
    static final int EXIT_REFUSED = 1;

    @Option(names = "--feedback", required = true, paramLabel = "PATH",
            description = "the job's feedback store (feedback.path: dt=*/hour=*/*.avro) or one of its part files")
    Path feedback;
    @Mixin
    TruthTimeOptions truthTime = new TruthTimeOptions(); // also when built in code, not by picocli
    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "use at most the N most recent feedback faces, 0 = all (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--min-faces", paramLabel = "N", defaultValue = "100", description = "fewer feedback faces than this is an error, not a retrain (default: ${DEFAULT-VALUE})")
    int minFaces;
    @Option(names = "--holdout-fraction", paramLabel = "F", defaultValue = "0.2", description = "share of face ids held out to judge; chosen by a hash of the id, never trained on (default: ${DEFAULT-VALUE})")
    double holdoutFraction;
    @Option(names = "--champion", required = true, paramLabel = "URI",
            description = "the serving version: its folder <registry>/<name>/<version> (e.g. file:///srv/models/fer-vgg/v1), or NAME/VERSION under --registry")
    String champion;
    @Option(names = "--registry", required = true, paramLabel = "URI", description = "registry root the candidate is published to")
    String registry;
    @Option(names = "--name", paramLabel = "NAME", description = "registry name of the candidate (default: the champion's)")
    String name;
    @Mixin
    ModelsTopicOptions topic;
    @Option(names = "--replay-data", paramLabel = "PATH", description = "original training data replayed beside the feedback (default: train.csv.gz in data/fer2013/ or ../shared/data/fer2013/)")
    Path replayData;
    @Option(names = "--replay-weight", paramLabel = "W", defaultValue = "3", description = "replay's share of each batch against the feedback's 1; also sizes the replay sample (W x feedback training faces) (default: ${DEFAULT-VALUE})")
    double replayWeight;
    @Option(names = "--replay-cameras", paramLabel = "F", defaultValue = "0.5", description = "share of the replayed faces shown through a random camera (blur, gamma, contrast, noise), so the candidate learns the expressions and not the new camera; 0 = none (default: ${DEFAULT-VALUE})")
    double replayCameras;
    @Option(names = "--no-replay", description = "fine-tune on the feedback alone")
    boolean noReplay;
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2", description = "fine-tune epochs (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", description = "adam | nesterov | sgd, fresh for the fine-tune (default: ${DEFAULT-VALUE})")
    String optimizer;
    @Option(names = "--lr", paramLabel = "X", defaultValue = "5e-5", description = "learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--schedule", paramLabel = "S", defaultValue = "constant", description = "constant | cosine | step:EVERY:GAMMA (default: ${DEFAULT-VALUE})")
    String schedule;
    @Option(names = "--augment", paramLabel = "A", defaultValue = "standard", description = "none | light | standard | strong, as for train (default: ${DEFAULT-VALUE})")
    String augment;
    @Option(names = "--label-smoothing", paramLabel = "S", defaultValue = "0.1", description = "label smoothing of the fine-tune; the shipped models trained with 0.1 (default: ${DEFAULT-VALUE})")
    double labelSmoothing;
    @Option(names = "--distill-weight", paramLabel = "W", defaultValue = "0.5", description = "the champion's share of each replayed face's label, its probabilities on the face as drawn (no camera): the candidate keeps the champion's answers, through any camera, while the feedback teaches the new one (distillation); 0 = off (default: ${DEFAULT-VALUE})")
    double distillWeight;
    @Option(names = "--freeze-from", paramLabel = "LAYER", defaultValue = FreezePoint.LAST_STAGE, description = "the champion's layers from this one on keep their weights while the earlier ones adapt to the new camera: last-stage (the last convolution stage and the head), a layer number (`ferstream summary`) or none (default: ${DEFAULT-VALUE})")
    String freezeFrom;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed for the replay sample, batch order and augmentation (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--bn-recalibrate", paramLabel = "N", defaultValue = "2048", description = "faces used to recompute the candidate's BatchNorm statistics after training: feedback and original (unshifted replay) faces at the feedback's share of the mix; 0 = off (default: ${DEFAULT-VALUE})")
    int bnRecalibrate;
    @Option(names = "--statistics", paramLabel = "MODE", defaultValue = "per-camera", description = "per-camera: the candidate keeps BatchNorm statistics from original faces and carries a second set from the feedback's camera, with a detector that sends each face to its camera's set (camera.json); shared: one set from both at the feedback's share of the mix (default: ${DEFAULT-VALUE})")
    String statistics;
    @Option(names = "--prefetch", defaultValue = "true", negatable = true, description = "prepare batches on a background thread (default: ${DEFAULT-VALUE})")
    boolean prefetch;
    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05", description = "significance level of McNemar's one-sided test 'candidate better' (default: ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--margin", paramLabel = "M", defaultValue = "0", description = "the candidate must also beat the champion's hold-out accuracy by this much (default: ${DEFAULT-VALUE})")
    double margin;
    @Option(names = "--forgetting-faces", paramLabel = "N", defaultValue = "1000", description = "original faces of --replay-data outside the replay sample, on which both models are scored after the gate: the champion learned them, the fine-tune never saw them; 0 = no forgetting check (default: ${DEFAULT-VALUE})")
    int forgettingFaces;
    @Option(names = "--max-forgetting", paramLabel = "D", defaultValue = "0.03", description = "the most accuracy the candidate may lose on those faces; more, and it is refused however well it does on the hold-out (default: ${DEFAULT-VALUE})")
    double maxForgetting;
    @Option(names = "--work", paramLabel = "DIR", description = "folder for the champion's copy, train/hold-out/replay CSVs, the candidate and comparison.json (default: a new temporary folder)")
    Path work;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the summary to FILE")
    Path json;

    private static boolean perCamera(String mode) {
        return switch (mode) {
            case RetrainSummary.Statistics.PER_CAMERA -> true;
            case RetrainSummary.Statistics.SHARED -> false;
            default -> throw new IllegalArgumentException("--statistics must be per-camera or shared, got '" + mode + "'");
        };
    }

    @Override
    public Integer call() throws Exception {
        ModelRegistry reg = new ModelRegistry(registry);
        RetrainRequest request = new RetrainRequest(feedback, truthTime.range(), limit, minFaces, holdoutFraction,
                noReplay ? null : DataLocator.file(replayData, "train.csv.gz"), replayWeight, replayCameras,
                ChampionVersion.resolve(champion, registry), name,
                new FineTuneSettings(epochs, batchSize, optimizer, learningRate, schedule, augment, labelSmoothing,
                        distillWeight, freezeFrom, seed, bnRecalibrate, perCamera(statistics), prefetch),
                alpha, margin, forgettingFaces, maxForgetting,
                work != null ? work : Files.createTempDirectory("ferstream-retrain-"));
        ModelsTopic models = topic.topic();
        models.ensure();
        Retrain.Publisher publisher = (bundle, n) ->
                PublishCommand.publish(reg, models, bundle, n, reg.nextVersion(n), ModelRole.CHALLENGER, "retrain");
        RetrainSummary summary = new Retrain(request, models.read().updates(), publisher, System.err).run();
        String text = ModelBundle.json().writeValueAsString(summary);
        if (json != null) {
            Files.writeString(json, text + System.lineSeparator());
        }
        System.out.println(text);
        System.err.println("retrain: " + summary.decision() + ": " + summary.reason());
        return summary.published() != null ? EXIT_PUBLISHED : EXIT_REFUSED;
    }
}
