package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.ModelEvent;
import dev.ferstream.avro.Prediction;
import dev.ferstream.data.Face;
import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.JobSources;
import dev.ferstream.jobs.config.Topics;
import dev.ferstream.jobs.demo.ChallengerFigures;
import dev.ferstream.jobs.demo.ChallengerTally;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.OutputWatcher;
import dev.ferstream.jobs.demo.ReplayPlan;
import dev.ferstream.jobs.demo.Replayer;
import dev.ferstream.jobs.demo.TopicReader;
import dev.ferstream.jobs.functions.SaliencyOperator;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.web.ViewTopics;
import dev.ferstream.jobs.web.WebView;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One demo run on a started broker: topics, the web view, the job on a MiniCluster with sources bounded at the
 * replay plan's end offsets (so the job ends by itself once every planned record is read), the replay, the live
 * progress, and the exact totals at the end.
 *
 * <p>With a challenger ({@code --challenger}), both models are on the models topic before the job is built; the replay
 * waits until every classifier has the challenger loaded, so it scores every face. With the promotion gate
 * ({@code --promote-after}), the gate's decisions must come back through the models topic, so no source is bounded and
 * {@link DrainWhenRead} stops the job once faces and labels are read.
 */
final class DemoSession {
    private final JobConfig config;
    private final EmbeddedKafka kafka;
    private final DemoScreen screen;
    private final int prometheusPort;
    private final int webPort;
    private final DemoRegistry.Published challenger;

    DemoSession(JobConfig config, EmbeddedKafka kafka, DemoScreen screen, int prometheusPort, int webPort) {
        this(config, kafka, screen, prometheusPort, webPort, null);
    }

    /** @param challenger the champion and challenger already announced on the models topic; null for none */
    DemoSession(JobConfig config, EmbeddedKafka kafka, DemoScreen screen, int prometheusPort, int webPort,
                DemoRegistry.Published challenger) {
        this.config = config;
        this.kafka = kafka;
        this.screen = screen;
        this.prometheusPort = prometheusPort;
        this.webPort = webPort;
        this.challenger = challenger;
    }

    DemoOutcome run(List<Face> faces, ReplayPlan.Options options) throws Exception {
        Topics topics = config.topics();
        kafka.createTopics(topics.all(), config.parallelism());
        Map<String, Integer> truth = new HashMap<>();
        faces.forEach(f -> truth.put(f.id(), f.label()));
        try (WebView web = startWebView();
             Replayer replayer = new Replayer(kafka.bootstrapServers());
             OutputWatcher watcher = new OutputWatcher(kafka.bootstrapServers(), topics, config.parallelism(), truth)) {
            screen.links(prometheusPort, web == null ? null : web.url());
            // The plan's shape does not depend on its start time: its end offsets bound the job's sources now, and
            // the plan is rebuilt with the real start once the model is loaded, so event times start at "now".
            JobClient client = startJob(ReplayPlan.of(faces, options, Instant.EPOCH));
            new ModelReadiness(prometheusPort).await(config.parallelism(), Duration.ofSeconds(120), System.err);
            awaitChallenger(watcher);
            Instant start = Instant.now();
            ReplayPlan plan = ReplayPlan.of(faces, options, start);
            Replayer.Background replay = replayer.sendInBackground(plan, start.toEpochMilli());
            JobExecutionResult result;
            try (DrainWhenRead drain = drainWhenRead(plan)) {
                result = follow(client, replay, replayer, plan, watcher, start, drain);
            }
            DemoOutcome outcome = outcome(result, plan, watcher);
            return challenger == null ? outcome : withChallenger(outcome, truth);
        }
    }

    /** The live web view, or null when turned off or its port is taken (the demo goes on without it). */
    private WebView startWebView() {
        if (webPort == 0) {
            return null;
        }
        try {
            WebView web = WebView.start(kafka.bootstrapServers(), ViewTopics.of(config.topics()), "earliest",
                    "127.0.0.1", webPort);
            screen.line("live web view at " + web.url());
            return web;
        } catch (IOException e) {
            System.err.println("demo: " + e.getMessage());
            return null;
        }
    }

    private JobClient startJob(ReplayPlan shape) throws Exception {
        // REST, BLOB server and metrics on 127.0.0.1 only
        Configuration flink = LocalEndpoints.loopback(
                MetricsReporter.settings(BoundPrometheusReporterFactory.DEFAULT_HOST, prometheusPort));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink);
        FerstreamJob.configure(env, config);
        new FerstreamJob(config, sources(shape), KafkaEndpoints.sinks(config)).build(env);
        screen.line(String.format(java.util.Locale.ROOT,
                "starting the job on a Flink MiniCluster (parallelism %d, batch %d, model %s) ...",
                config.parallelism(), config.batching().size(), config.model().path()));
        return env.executeAsync("ferstream demo");
    }

    /** Shows progress until the job has read every planned record and finished; a failed replay cancels it. */
    private JobExecutionResult follow(JobClient client, Replayer.Background replay, Replayer replayer, ReplayPlan plan,
                                      OutputWatcher watcher, Instant start, DrainWhenRead drain) throws Exception {
        while (!client.getJobExecutionResult().isDone()) {
            watcher.poll();
            screen.progress(progress(replayer, plan, watcher, start), config, false);
            Exception failure = replay.failure();
            if (failure != null) {
                client.cancel();
                throw new IllegalStateException("replay failed: " + failure.getMessage(), failure);
            }
            if (drain != null && drain.check(client, !replay.thread().isAlive())) {
                screen.line("every face and label read: stopping the job with a savepoint (drain: every window fires) ...");
            }
            Thread.sleep(screen.live() ? 500 : 200);
        }
        JobExecutionResult result = client.getJobExecutionResult().get();
        watcher.poll();
        screen.progress(progress(replayer, plan, watcher, start), config, true);
        return result;
    }

    private static DemoProgress progress(Replayer replayer, ReplayPlan plan, OutputWatcher w, Instant start) {
        long facesPlanned = plan.count(ReplayPlan.Kind.FACE) + plan.count(ReplayPlan.Kind.MALFORMED_FACE);
        return new DemoProgress(replayer.facesSent(), facesPlanned, replayer.labelsSent(),
                plan.sends().size() - facesPlanned, w.predictions(), w.deadLetters(), w.late(), w.accuracySoFar(),
                w.latestWindow(), (System.currentTimeMillis() - start.toEpochMilli()) / 1000.0, w.challenger());
    }

    /** Exact totals from the committed topics and the job's accumulators; the watcher catches up for latencies. */
    private DemoOutcome outcome(JobExecutionResult result, ReplayPlan plan, OutputWatcher watcher) {
        Topics topics = config.topics();
        long predictions = TopicReader.readRaw(kafka.bootstrapServers(), topics.predictions()).size();
        long deadLetters = TopicReader.readRaw(kafka.bootstrapServers(), topics.deadLetter()).size();
        long saliencyMaps = TopicReader.readRaw(kafka.bootstrapServers(), topics.saliency()).size();
        long catchUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (watcher.predictions() < predictions && System.nanoTime() < catchUp) {
            watcher.poll(); // the watcher may lag the final commit markers
        }
        return new DemoOutcome(plan.count(ReplayPlan.Kind.FACE), predictions,
                accumulator(result, TruthJoinFunction.MATCHED), accumulator(result, TruthJoinFunction.CORRECT),
                accumulator(result, TruthJoinFunction.LATE_TRUTH), accumulator(result, TruthJoinFunction.UNMATCHED),
                accumulator(result, TruthJoinFunction.EXPIRED), deadLetters, saliencyMaps,
                accumulator(result, SaliencyOperator.SHED),
                watcher.spanMillis() == 0 ? 0 : predictions * 1000.0 / watcher.spanMillis(),
                watcher.sustainedFacesPerSecond(), watcher.latencyPercentile(0.50), watcher.latencyPercentile(0.99),
                watcher.latestWindow());
    }

    /**
     * Sources bounded at the plan's end offsets, so the job ends by itself; but with the promotion gate, whose
     * decisions must reach the job through the models topic while it runs, unbounded sources as in production, which
     * {@link DrainWhenRead} ends. Not bounded faces and labels beside a live models source: a bounded Kafka split that
     * finishes does not reliably commit its last offsets (seen: 195 of 300 committed for two minutes), and committed
     * offsets are how the demo knows that the job has read everything.
     */
    private JobSources sources(ReplayPlan shape) {
        return liveModels() ? KafkaEndpoints.sources(config) : KafkaEndpoints.sources(config,
                OffsetsInitializer.offsets(shape.endOffsets(config.topics().faces())),
                OffsetsInitializer.offsets(shape.endOffsets(config.topics().labels())));
    }

    private boolean liveModels() {
        return challenger != null && config.lifecycle().gate().enabled();
    }

    /** What ends a job with live models: null when the job ends by itself. */
    private DrainWhenRead drainWhenRead(ReplayPlan plan) {
        if (!liveModels()) {
            return null;
        }
        Map<TopicPartition, Long> ends = new HashMap<>(plan.endOffsets(config.topics().faces()));
        ends.putAll(plan.endOffsets(config.topics().labels()));
        return new DrainWhenRead(kafka.bootstrapServers(), config.kafka().groupId(), ends, challenger.savepoints(),
                System.err);
    }

    /** With a challenger, waits until every classifier subtask shadows with it, so it scores the first face too. */
    private void awaitChallenger(OutputWatcher watcher) {
        if (challenger == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (watcher.shadowingSubtasks(challenger.challenger()) < config.parallelism()) {
            if (System.nanoTime() > deadline) {
                System.err.println("demo: not every classifier subtask reported shadowing with " + challenger.challenger()
                        + " within 120 s; starting anyway");
                return;
            }
            watcher.poll();
        }
    }

    /**
     * The outcome with champion against challenger over every committed record, read once the job has ended, and as
     * final window the newest of the version that served last (a drained job commits its last windows with its final
     * savepoint, after the watcher's last look).
     */
    private DemoOutcome withChallenger(DemoOutcome outcome, Map<String, Integer> truth) {
        Topics topics = config.topics();
        String bootstrap = kafka.bootstrapServers();
        ChallengerTally tally = new ChallengerTally(truth);
        TopicReader.readAll(bootstrap, topics.predictions(), Prediction.class).forEach(tally::prediction);
        TopicReader.readAll(bootstrap, topics.shadow(), Prediction.class).forEach(tally::shadow);
        TopicReader.readAll(bootstrap, topics.modelEvents(), ModelEvent.class).forEach(tally::event);
        ChallengerFigures figures = tally.figures();
        String servedLast = figures.servedAtEnd() == null ? null
                : figures.servedAtEnd().substring(figures.servedAtEnd().lastIndexOf('/') + 1);
        ConfusionWindow last = outcome.finalWindow();
        for (ConfusionWindow w : TopicReader.readAll(bootstrap, topics.confusion(), ConfusionWindow.class)) {
            if (w.getModelVersion().equals(servedLast)
                    && (last == null || !last.getModelVersion().equals(servedLast)
                    || !w.getWindowEnd().isBefore(last.getWindowEnd()))) {
                last = w;
            }
        }
        return outcome.withChallenger(figures, last);
    }

    private static long accumulator(JobExecutionResult result, String name) {
        Object v = result.getAccumulatorResult(name);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
