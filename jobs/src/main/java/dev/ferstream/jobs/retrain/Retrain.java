package dev.ferstream.jobs.retrain;

import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.data.Face;
import dev.ferstream.jobs.registry.PublishedVersion;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.bundle.ModelMetadata;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.training.compare.Comparison;
import me.tongfei.progressbar.ProgressBar;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One turn of the feedback loop: fetch and verify the champion, read the stream's labelled faces and split them by
 * face id, fine-tune a candidate from the champion on the training part (with a replayed sample of the original data),
 * score both on the hold-out, and publish the candidate as challenger only when McNemar's test says it is better.
 * Each step has a progress bar and a line on {@code log}; the result is a {@link RetrainSummary}.
 */
public final class Retrain {
    /** Puts a bundle into the registry as the next version of {@code name} and announces it as challenger. */
    @FunctionalInterface
    public interface Publisher {
        PublishedVersion publish(Path bundle, String name) throws IOException;
    }

    private static final int BATCH = 256;

    private final RetrainRequest request;
    private final List<ModelUpdate> decisions;
    private final Publisher publisher;
    private final PrintStream log;

    /**
     * @param decisions the models topic's history, to verify the champion against its announced digest
     * @param log       where each step's one-line result goes (stderr for the command)
     */
    public Retrain(RetrainRequest request, List<ModelUpdate> decisions, Publisher publisher, PrintStream log) {
        this.request = request;
        this.decisions = List.copyOf(decisions);
        this.publisher = publisher;
        this.log = log;
    }

    /**
     * The prepared training and hold-out data of a run: {@code original} the replayed faces as drawn,
     * {@code unseenOriginal} faces of the replay data the fine-tune never sees ({@link ForgettingCheck}).
     */
    private record Prepared(ChampionVersion champion, ModelMetadata championMeta, HoldoutSplit split,
                            RetrainSummary.Data data, Sources sources, List<Face> original, List<Face> unseenOriginal) {
    }

    /**
     * The fine-tune's sources in order (feedback, then the replay's plain and camera parts where not empty), their
     * weights, and which of them (1-based) are replayed, the ones the champion may teach, and shown through cameras.
     */
    private record Sources(List<Path> paths, List<Double> weights, List<Integer> replayed, List<Integer> cameras) {
    }

    public RetrainSummary run() throws IOException {
        Path candidate = request.work().resolve("candidate");
        if (Files.exists(candidate)) {
            throw new IllegalArgumentException("--work " + request.work() + " already holds a candidate/ from an earlier"
                    + " retrain; choose another --work (or leave it out for a new temporary folder)");
        }
        Files.createDirectories(request.work());
        Prepared p = prepare();
        FineTuneSettings ft = request.fineTune();
        ModelMetadata trained = CandidateTraining.run(ft, p.champion(), p.championMeta().architecture(), candidate,
                p.sources().paths(), p.sources().weights(), p.sources().replayed(), p.sources().cameras());
        RetrainSummary.FineTune fineTune = new RetrainSummary.FineTune(candidate.toString(), trained.epochs(),
                ft.optimizer(), ft.learningRate(), ft.schedule(), ft.batchSize(),
                p.sources().replayed().isEmpty() ? 0 : ft.distillWeight(), trained.training().frozenFrom(),
                trained.trainingSeconds(),
                trained.trainImagesPerSecond());
        log.printf(Locale.ROOT, "fine-tune: %d epoch(s) in %.1f s -> %s%n", trained.epochs(), trained.trainingSeconds(), candidate);
        RetrainSummary.Statistics statistics = recalibrate(candidate, p);
        Comparison comparison = compare(p.champion(), candidate, p.split().holdout());
        RetrainSummary.Gate gate = RetrainSummary.Gate.of(comparison);
        log.printf(Locale.ROOT, "compare: %d hold-out faces, champion %.4f, candidate %.4f, p = %.3g%n", gate.faces(),
                gate.championAccuracy(), gate.candidateAccuracy(), gate.pValue());
        RetrainSummary.Champion champion = RetrainSummary.Champion.of(p.champion(), p.championMeta().architecture());
        if (!gate.candidateBetter()) {
            return new RetrainSummary(champion, p.data(), fineTune, statistics, gate, null, RetrainSummary.REFUSED, null,
                    refusal(gate));
        }
        RetrainSummary.Forgetting forgetting = forgetting(p.champion().bundle(), candidate, p.unseenOriginal());
        if (forgetting != null && !forgetting.kept()) {
            return new RetrainSummary(champion, p.data(), fineTune, statistics, gate, forgetting,
                    RetrainSummary.REFUSED, null, refusal(forgetting));
        }
        RetrainSummary.Published published = publish(candidate, p.champion());
        return new RetrainSummary(champion, p.data(), fineTune, statistics, gate, forgetting, RetrainSummary.PUBLISHED,
                published,
                acceptance(gate) + (forgetting == null ? "" : "; " + kept(forgetting)));
    }

    /** Champion, feedback, split and replay, written to the work folder as the fine-tune's sources. */
    private Prepared prepare() throws IOException {
        try (ProgressBar bar = StepBar.of("read / split", 4, "steps")) {
            ChampionVersion champion = ChampionVersion.fetch(request.champion(), decisions, request.work().resolve("champion"));
            ModelMetadata championMeta = ModelBundle.readMetadata(champion.bundle());
            bar.step();
            FeedbackFaces feedback = readFeedback();
            bar.step();
            HoldoutSplit split = split(feedback);
            bar.step();
            ReplaySample replay = request.replayData() == null ? null : ReplaySample.draw(request.replayData(),
                    (int) Math.max(1, Math.round(request.replayWeight() * split.train().size())),
                    request.forgettingFaces(), request.fineTune().seed())
                    .withCameraPart(request.replayCameras(), request.fineTune().seed());
            FaceCsv.write(request.work().resolve("holdout.csv"), split.holdout());
            Sources sources = sources(split, replay);
            bar.step();
            RetrainSummary.Data data = new RetrainSummary.Data(feedback.source().toString(), feedback.read(),
                    feedback.faces().size(), request.holdoutFraction(), split.train().size(), split.holdout().size(),
                    replay == null ? null : replay.source().toString(), replay == null ? 0 : replay.read(),
                    replay == null ? 0 : replay.size(), replay == null ? 0 : replay.cameras().size(),
                    replay == null ? 0 : request.replayWeight());
            log.printf(Locale.ROOT, "read / split: champion %s/%s (%s, verified by %s); %d feedback faces -> %d train, "
                            + "%d hold-out; %d replayed (%d through random cameras)%n", champion.name(), champion.version(), championMeta.architecture(),
                    champion.verifiedBy(), data.feedbackUsed(), data.train(), data.holdout(), data.replay(), data.replayShifted());
            return new Prepared(champion, championMeta, split, data, sources, replay == null ? List.of() : replay.all(),
                    replay == null ? List.of() : replay.unseen());
        }
    }

    /**
     * The feedback's training part, then the replay's plain and camera parts as separate files (both as drawn), each
     * weighted by its share of the sample so together they weigh --replay-weight.
     */
    private Sources sources(HoldoutSplit split, ReplaySample replay) throws IOException {
        List<Path> paths = new ArrayList<>(List.of(FaceCsv.write(request.work().resolve("train.csv"), split.train())));
        List<Double> weights = new ArrayList<>(List.of(1.0));
        List<Integer> replayed = new ArrayList<>();
        List<Integer> cameras = new ArrayList<>();
        if (replay != null && !replay.faces().isEmpty()) {
            paths.add(FaceCsv.write(request.work().resolve("replay.csv"), replay.faces()));
            weights.add(request.replayWeight() * replay.faces().size() / replay.size());
            replayed.add(paths.size());
        }
        if (replay != null && !replay.cameras().isEmpty()) {
            paths.add(FaceCsv.write(request.work().resolve("replay-cameras.csv"), replay.cameras()));
            weights.add(request.replayWeight() * replay.cameras().size() / replay.size());
            replayed.add(paths.size());
            cameras.add(paths.size());
        }
        return new Sources(paths, weights, replayed, cameras);
    }

    /**
     * The candidate's BatchNorm statistics: per camera ({@link PerCameraStatistics}, with a replay to take the
     * original faces' from), else one set for both cameras ({@link BatchNormForBoth}); off with --bn-recalibrate 0.
     */
    private RetrainSummary.Statistics recalibrate(Path candidate, Prepared p) throws IOException {
        int faces = request.fineTune().bnRecalibrate();
        if (faces == 0) {
            return new RetrainSummary.Statistics(RetrainSummary.Statistics.AS_TRAINED, 0, 0, null);
        }
        if (request.fineTune().perCamera() && !p.original().isEmpty()) {
            PerCameraStatistics s = PerCameraStatistics.apply(candidate, request.feedback().toString(),
                    p.split().train(), p.original(), faces, request.fineTune().seed());
            log.printf(Locale.ROOT, "batchnorm: per camera: the camera's statistics from %d feedback faces, the original"
                    + " ones from %d replayed faces; the detector tells them apart on %.4f of them%n", s.feedbackFaces(),
                    s.originalFaces(), s.detectorAccuracy());
            return new RetrainSummary.Statistics(RetrainSummary.Statistics.PER_CAMERA, s.feedbackFaces(),
                    s.originalFaces(), s.detectorAccuracy());
        }
        double share = p.original().isEmpty() ? 1 : 1 / (1 + request.replayWeight());
        int[] used = BatchNormForBoth.apply(candidate, p.split().train(), p.original(), share, faces,
                request.fineTune().seed());
        log.printf(Locale.ROOT, "batchnorm: statistics from %d feedback and %d original faces%n", used[0], used[1]);
        return new RetrainSummary.Statistics(RetrainSummary.Statistics.SHARED, used[0], used[1], null);
    }

    private FeedbackFaces readFeedback() {
        FeedbackFaces feedback = FeedbackFaces.read(request.feedback(), request.truthTime(), request.limit());
        if (feedback.faces().size() < request.minFaces()) {
            throw new IllegalArgumentException("--feedback " + request.feedback() + ": " + feedback.faces().size()
                    + " labelled face(s)" + (request.truthTime().unbounded() ? "" : " with truth time in " + request.truthTime())
                    + ", fewer than --min-faces " + request.minFaces());
        }
        return feedback;
    }

    private HoldoutSplit split(FeedbackFaces feedback) {
        HoldoutSplit split = HoldoutSplit.of(feedback.faces(), request.holdoutFraction());
        if (split.train().isEmpty() || split.holdout().isEmpty()) {
            throw new IllegalArgumentException("--feedback " + request.feedback() + ": its " + feedback.faces().size()
                    + " faces split into " + split.train().size() + " to train and " + split.holdout().size()
                    + " to hold out at --holdout-fraction " + request.holdoutFraction() + "; both parts need faces");
        }
        return split;
    }

    /** Both models' predictions on the hold-out, and McNemar's test on them. */
    private Comparison compare(ChampionVersion champion, Path candidate, List<Face> holdout) throws IOException {
        try (ProgressBar bar = StepBar.of("compare", 2L * holdout.size(), "faces")) {
            int[] labels = holdout.stream().mapToInt(Face::label).toArray();
            int[] a = predict(champion.bundle(), holdout);
            bar.stepBy(holdout.size());
            int[] b = predict(candidate, holdout);
            bar.stepBy(holdout.size());
            Comparison c = Comparison.of(new Comparison.Sources(champion.uri(), candidate.toString(),
                    request.work().resolve("holdout.csv").toString(), "none"), labels, a, b, request.alpha(), request.margin());
            ModelBundle.json().writeValue(request.work().resolve("comparison.json").toFile(), c);
            return c;
        }
    }

    /** The forgetting check on the original faces outside the replay, or null without any ({@link ForgettingCheck}). */
    private RetrainSummary.Forgetting forgetting(Path champion, Path candidate, List<Face> faces) {
        if (faces.isEmpty()) {
            log.printf(Locale.ROOT, "forgetting: not checked (no original faces outside a replay sample)%n");
            return null;
        }
        RetrainSummary.Forgetting f = ForgettingCheck.of(champion, candidate, faces, request.maxForgetting());
        log.printf(Locale.ROOT, "forgetting: %d original faces outside the replay, champion %.4f, candidate %.4f "
                + "(%+.4f; at most -%s allowed)%n", f.faces(), f.championAccuracy(), f.candidateAccuracy(),
                f.candidateAccuracy() - f.championAccuracy(), request.maxForgetting());
        return f;
    }

    /**
     * The bundle's answers on the faces, through {@link Engine#classifier}, so a candidate with statistics per camera
     * is judged as it will serve (the gate and {@link ForgettingCheck}).
     */
    static int[] predict(Path bundle, List<Face> faces) {
        float[][] p;
        try (FaceClassifier classifier = Engine.DL4J.classifier(ModelBundle.load(bundle), TestTimeAugmentation.NONE)) {
            p = classifier.probabilities(faces.stream().map(Face::pixels).toList(), BATCH);
        }
        int[] predicted = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            predicted[i] = Classifier.argmax(p[i]);
        }
        return predicted;
    }

    private RetrainSummary.Published publish(Path candidate, ChampionVersion champion) throws IOException {
        try (ProgressBar bar = StepBar.of("publish", 1, "version")) {
            String name = request.candidateName() != null ? request.candidateName() : champion.name();
            PublishedVersion v = publisher.publish(candidate, name);
            bar.step();
            log.printf(Locale.ROOT, "publish: %s/%s as challenger (%s)%n", v.name(), v.version(), v.uri());
            return RetrainSummary.Published.of(v, "challenger");
        }
    }

    /** Why the gate said yes, in words. */
    static String acceptance(RetrainSummary.Gate g) {
        return String.format(Locale.ROOT, "the candidate beats the champion on %d hold-out faces (%.4f vs %.4f, "
                        + "p = %.3g <= %s, gain %.4f >= margin %s)", g.faces(), g.candidateAccuracy(), g.championAccuracy(),
                g.pValue(), g.alpha(), g.candidateAccuracy() - g.championAccuracy(), g.margin());
    }

    /** The forgetting check's pass, in words. */
    static String kept(RetrainSummary.Forgetting f) {
        return String.format(Locale.ROOT, "it keeps the original faces (%.4f vs %.4f on %d outside the replay, loss "
                + "within --max-forgetting %s)", f.candidateAccuracy(), f.championAccuracy(), f.faces(), f.maxForgetting());
    }

    /** Why the forgetting check said no, in words. */
    static String refusal(RetrainSummary.Forgetting f) {
        return String.format(Locale.ROOT, "the candidate forgets the original faces: %.4f vs the champion's %.4f on %d"
                        + " outside the replay, a loss of %.4f > --max-forgetting %s", f.candidateAccuracy(),
                f.championAccuracy(), f.faces(), f.championAccuracy() - f.candidateAccuracy(), f.maxForgetting());
    }

    /** Why the gate said no, in words. */
    static String refusal(RetrainSummary.Gate g) {
        double gain = g.candidateAccuracy() - g.championAccuracy();
        if (g.onlyCandidateRight() <= g.onlyChampionRight()) {
            return String.format(Locale.ROOT, "the candidate is not better on the %d hold-out faces (%.4f vs the champion's %.4f)",
                    g.faces(), g.candidateAccuracy(), g.championAccuracy());
        }
        if (g.pValue() > g.alpha()) {
            return String.format(Locale.ROOT, "the candidate's gain (%.4f vs %.4f) is not significant: p = %.3g > alpha %s",
                    g.candidateAccuracy(), g.championAccuracy(), g.pValue(), g.alpha());
        }
        return String.format(Locale.ROOT, "the candidate's gain %.4f is below --margin %s", gain, g.margin());
    }
}
