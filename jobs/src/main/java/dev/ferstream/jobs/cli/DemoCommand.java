package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.data.Face;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.GateSettings;
import dev.ferstream.jobs.config.KafkaSettings;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.ReplayPlan;
import dev.ferstream.model.bundle.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the whole streaming system in one process. An embedded KRaft broker, the job on a Flink MiniCluster
 * with the Prometheus reporter, a replay of the test faces with their labels arriving later, a live terminal view of
 * the newest confusion window, and a summary whose accuracy (matched pairs, from the job's own join) equals
 * {@code ferstream evaluate} on the same faces when no label is late. With {@code --challenger} it shows the model
 * lifecycle too: the serving model as champion, another as challenger scoring the same faces, and with
 * {@code --promote-after} the promotion gate deciding while the stream runs (docs/lifecycle.md, "Demo").
 *
 * <p>This class holds the options and the demo's choices of job settings; {@link DemoSession} runs the system,
 * {@link DemoScreen} prints, {@link RawBench} measures the model alone, {@link DemoRegistry} publishes champion and
 * challenger.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run Kafka + Flink + the best shipped model (fer-vgg) on the test faces with late labels; "
                + "live confusion matrix; summary.",
                "Default rate: " + DemoCommand.DEFAULT_RATE + " faces/s: fer-vgg on 2 cores keeps up with it with p99 "
                        + "latency under the 5 s window slide even beside other work (on DL4J, under load, it managed "
                        + "about 60/s; on ONNX Runtime, the default engine, an idle machine sustains 250-320/s at "
                        + "--rate 0); --model models/hw3-cnn --rate 100 streams the smaller CNN at the old default.",
                "--challenger DIR publishes --model as champion (v1) and DIR as challenger (v2) into a temporary "
                        + "registry before the job starts: the challenger scores every face (-D challenger.fraction) "
                        + "into shadow-predictions, and the summary compares both on the faces both scored. "
                        + "--promote-after N adds the promotion gate (docs/lifecycle.md)."})
final class DemoCommand implements Callable<Integer> {
    /**
     * Measured with this demo, 2,000 faces, 2 cores shared with other work (1-minute load 5-9): at 100/s fer-vgg
     * sustained only 61 faces/s (p99 16.5 s); at 60/s it kept up twice (p99 0.6 s, 3.6 s) and fell behind once; at
     * 50/s it kept up (p99 4.3 s) except under the heaviest load. Latency must stay under the window slide (5 s) for
     * the live matrix to be current. That was on DL4J; ONNX Runtime, the default engine since, sustains 250-320 faces/s
     * at full speed on an idle machine (bench/stream/results/20261204T2045Z-fer-vgg-saliency), so 50/s keeps a wide
     * margin for the live view and for a loaded machine.
     */
    static final String DEFAULT_RATE = "50";

    @Option(names = "--model", defaultValue = "models/fer-vgg", paramLabel = "DIR", description = "model bundle (default: ${DEFAULT-VALUE}, the most accurate shipped model)")
    Path model;
    @Option(names = "--challenger", paramLabel = "DIR", description = "also run this bundle as challenger beside --model (the champion): it scores the same faces into shadow-predictions")
    Path challenger;
    @Option(names = "--promote-after", paramLabel = "N", description = "with --challenger: turn the promotion gate on (gate.enabled=true, gate.min-pairs=N; other gate.* from -D); after N faces both scored it promotes the challenger if it is better by gate.margin at gate.alpha (McNemar), else keeps it shadowing")
    Integer promoteAfter;
    @Mixin
    DataSelection data;
    @Option(names = "--rate", defaultValue = DEFAULT_RATE, paramLabel = "N", description = "faces per second; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--label-delay", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION", description = "labels arrive this long after their face (default: ${DEFAULT-VALUE})")
    Duration labelDelay;
    @Option(names = "--late-fraction", defaultValue = "0", paramLabel = "F", description = "fraction of labels arriving 3 s after truth.max-delay (10s in the demo) (default: ${DEFAULT-VALUE})")
    double lateFraction;
    @Option(names = "--malformed", defaultValue = "0", paramLabel = "N", description = "mix in N malformed faces and N malformed labels (default: ${DEFAULT-VALUE})")
    int malformed;
    @Option(names = "--encoding", defaultValue = "GRAY8_48X48", description = "how faces are sent: GRAY8_48X48 or PNG (default: ${DEFAULT-VALUE})")
    ImageEncoding encoding;
    @Option(names = "--parallelism", paramLabel = "P", description = "job parallelism, one native thread per subtask (default: the number of cores)")
    int parallelism = Runtime.getRuntime().availableProcessors();
    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "micro-batch size; 1 = one forward pass per face (default: ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--window", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION", description = "confusion window size (default: ${DEFAULT-VALUE}; the job's default is 10m)")
    Duration window;
    @Option(names = "--slide", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION", description = "confusion window slide (default: ${DEFAULT-VALUE})")
    Duration slide;
    @Option(names = "--prometheus-port", defaultValue = "9249", paramLabel = "PORT", description = "metrics at http://127.0.0.1:PORT/metrics (default: ${DEFAULT-VALUE})")
    int prometheusPort;
    @Option(names = "--web-port", defaultValue = "8080", paramLabel = "PORT", description = "live web view at http://127.0.0.1:PORT; 0 = off (default: ${DEFAULT-VALUE})")
    int webPort;
    @Option(names = "--json-summary", paramLabel = "FILE", description = "also write the summary as JSON")
    Path jsonSummary;
    @Option(names = "--raw-bench", description = "first measure the model's raw batched inference on the same faces and cores")
    boolean rawBench;
    @Option(names = "--no-live", description = "no live screen; print a progress line every few seconds")
    boolean noLive;
    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        long wallStart = System.nanoTime();
        List<Face> faces = data.read();
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no faces to stream");
        }
        ModelBundle.readMetadata(model); // fail fast, before a broker is started, on a wrong --model
        checkChallenger();
        DemoLogging.quietEndOfInput();
        JobConfig config = withGate(job.config(demoConfig()));
        DemoScreen screen = new DemoScreen(System.out, !noLive && System.console() != null, model.toString());
        RawBench.Result raw = rawBench ? RawBench.run(faces, config.model()) : null;
        if (raw != null) {
            screen.rawBench(raw);
        }

        screen.line("starting embedded Kafka (KRaft) ...");
        DemoOutcome outcome;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig onBroker = config.withKafka(config.kafka().withBootstrapServers(kafka.bootstrapServers()));
            outcome = run(onBroker, kafka, screen, faces);
        }
        DemoSummary summary = DemoSummary.of(outcome, config, ModelBundle.load(model).version(), rate, raw,
                (System.nanoTime() - wallStart) / 1e9);
        screen.summary(summary, outcome.finalWindow());
        if (jsonSummary != null) {
            ModelBundle.json().writeValue(jsonSummary.toFile(), summary);
            screen.line("summary written to " + jsonSummary);
        }
        return 0;
    }

    /** The session, after publishing champion and challenger when there is a challenger. */
    private DemoOutcome run(JobConfig onBroker, EmbeddedKafka kafka, DemoScreen screen, List<Face> faces)
            throws Exception {
        if (challenger == null) {
            return new DemoSession(onBroker, kafka, screen, prometheusPort, webPort).run(faces, replayOptions(onBroker));
        }
        try (DemoRegistry registry = DemoRegistry.create()) {
            DemoRegistry.Published published = registry.publish(onBroker, model, challenger);
            screen.challenger(published, onBroker.lifecycle().gate());
            return new DemoSession(onBroker, kafka, screen, prometheusPort, webPort, published)
                    .run(faces, replayOptions(onBroker));
        }
    }

    /** Fails fast, before a broker is started, on a wrong --challenger or --promote-after. */
    private void checkChallenger() {
        if (challenger != null) {
            ModelBundle.readMetadata(challenger);
        }
        if (promoteAfter != null && challenger == null) {
            throw new IllegalArgumentException("--promote-after needs --challenger DIR: the gate compares a challenger "
                    + "with the serving model");
        }
        if (promoteAfter != null && promoteAfter < 1) {
            throw new IllegalArgumentException("--promote-after must be at least 1, got " + promoteAfter);
        }
    }

    /** {@code --promote-after N} over the config: the gate on at N pairs; its other settings as -D left them. */
    private JobConfig withGate(JobConfig config) {
        if (promoteAfter == null) {
            return config;
        }
        GateSettings g = config.lifecycle().gate();
        return config.withLifecycle(config.lifecycle().withGate(
                new GateSettings(true, promoteAfter, g.margin(), g.alpha(), g.floor())));
    }

    /**
     * The job as the demo runs it: the job's defaults, with short windows and label deadlines so a run of a minute
     * or two shows several windows and late labels, frequent checkpoints (exactly-once output becomes visible at
     * each), and bounded sources read from the start. The broker's address is filled in once it has started.
     */
    JobConfig demoConfig() {
        JobConfig d = JobConfig.DEFAULTS;
        return d.withKafka(new KafkaSettings("embedded", "ferstream-demo", "earliest"))
                .withModel(d.model().withPath(model.toString()))
                .withParallelism(parallelism)
                .withBatching(new BatchingSettings(batchSize, d.batching().timeout()))
                .withEventTime(d.eventTime().withWindow(window, slide)
                        .withWatermarks(d.eventTime().outOfOrderness(), Duration.ofSeconds(5))
                        // short enough that --late-fraction produces late labels within a demo-length run
                        .withTruth(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .withDelivery(d.delivery().withCheckpointInterval(Duration.ofSeconds(2)));
    }

    private ReplayPlan.Options replayOptions(JobConfig config) {
        return new ReplayPlan.Options(config.topics().faces(), config.topics().labels(), rate, labelDelay,
                lateFraction, config.eventTime().truthMaxDelay().plusSeconds(3), encoding, config.parallelism(), malformed);
    }
}
