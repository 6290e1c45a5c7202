package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.data.Face;
import dev.ferstream.eval.ConfusionMatrix;
import dev.ferstream.jobs.DurationParser;
import dev.ferstream.jobs.FerstreamJob;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.OutputWatcher;
import dev.ferstream.jobs.demo.ReplayPlan;
import dev.ferstream.jobs.demo.Replayer;
import dev.ferstream.jobs.demo.TopicReader;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.web.ViewTopics;
import dev.ferstream.jobs.web.WebView;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.runtime.NativeRuntime;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code demo}: the whole streaming system in one process. An embedded KRaft broker, the job on a Flink MiniCluster
 * with the Prometheus reporter, a replay of the test faces with their labels arriving later, a live terminal view of
 * the newest confusion window, and a summary whose accuracy (matched pairs, from the job's own join) equals
 * {@code ferstream evaluate} on the same faces when no label is late.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run Kafka + Flink + the CNN on the test faces with late labels; live confusion matrix; summary.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/hw3-cnn", paramLabel = "DIR", description = "model bundle (default: ${DEFAULT-VALUE})")
    Path model;
    @Mixin
    DataSelection data;
    @Option(names = "--rate", defaultValue = "100", paramLabel = "N", description = "faces per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}, below the 2-core capacity)")
    double rate;
    @Option(names = "--label-delay", defaultValue = "2s", paramLabel = "DURATION", description = "labels arrive this long after their face (default: ${DEFAULT-VALUE})")
    String labelDelay;
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
    @Option(names = "--window", defaultValue = "30s", paramLabel = "DURATION", description = "confusion window size (default: ${DEFAULT-VALUE}; the job's default is 10m)")
    String window;
    @Option(names = "--slide", defaultValue = "5s", paramLabel = "DURATION", description = "confusion window slide (default: ${DEFAULT-VALUE})")
    String slide;
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

    private static final Pattern SUBTASK_INDEX = Pattern.compile("subtask_index=\"(\\d+)\"");

    private final PrintStream out = System.out;
    private String webUrl;

    @Override
    public Integer call() throws Exception {
        long wallStart = System.nanoTime();
        List<Face> faces = data.read();
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no faces to stream");
        }
        Map<String, Integer> truth = new HashMap<>();
        faces.forEach(f -> truth.put(f.id(), f.label()));
        ModelBundle.readMetadata(model); // fail fast, before a broker is started, on a wrong --model

        Map<String, String> base = new LinkedHashMap<>();
        base.put("model.path", model.toString());
        base.put("parallelism", Integer.toString(parallelism));
        base.put("batch.size", Integer.toString(batchSize));
        base.put("window.size", window);
        base.put("window.slide", slide);
        base.put("source.starting-offsets", "earliest");
        base.put("group.id", "ferstream-demo");
        base.put("checkpoint.interval", "2s");
        base.put("watermark.idleness", "5s");
        base.put("bootstrap.servers", "embedded");
        // short enough that --late-fraction produces late labels within a demo-length run
        base.put("truth.max-delay", "10s");
        base.put("truth.late-retention", "10s");
        JobConfig config0 = job.config(base);

        Double rawRate = null;
        Double batchAccuracy = null;
        if (rawBench) {
            double[] raw = rawBatched(faces, config0);
            rawRate = raw[0];
            batchAccuracy = raw[1];
            out.printf(Locale.ROOT, "raw batched inference (batch 64, %d threads): %.1f faces/s, accuracy %.4f%n",
                    rawThreads(), rawRate, batchAccuracy);
        }

        out.println("starting embedded Kafka (KRaft) ...");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Map<String, String> withKafka = new LinkedHashMap<>(config0.toMap());
            withKafka.put("bootstrap.servers", kafka.bootstrapServers());
            JobConfig config = JobConfig.fromMap(withKafka);
            int partitions = config.parallelism();
            kafka.createTopics(List.of(config.facesTopic(), config.labelsTopic(), config.predictionsTopic(),
                    config.saliencyTopic(), config.confusionTopic(), config.deadLetterTopic(), config.lateLabelsTopic()),
                    partitions);

            WebView web = startWebView(kafka.bootstrapServers(), config);
            ReplayPlan.Options options = new ReplayPlan.Options(config.facesTopic(), config.labelsTopic(), rate,
                    DurationParser.parse(labelDelay), lateFraction, config.truthMaxDelay().plusSeconds(3), encoding,
                    partitions, malformed);
            // The plan's shape does not depend on its start time: its end offsets bound the job's sources now, and
            // the plan is rebuilt with the real start once the job is ready, so event times start at "now".
            ReplayPlan shape = ReplayPlan.of(faces, options, Instant.EPOCH);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flinkConfig());
            FerstreamJob.configure(env, config);
            new FerstreamJob(config, KafkaEndpoints.sources(config,
                    OffsetsInitializer.offsets(shape.endOffsets(config.facesTopic())),
                    OffsetsInitializer.offsets(shape.endOffsets(config.labelsTopic()))),
                    KafkaEndpoints.sinks(config)).build(env);
            out.printf(Locale.ROOT, "starting the job on a Flink MiniCluster (parallelism %d, batch %d, model %s) ...%n",
                    parallelism, batchSize, model);
            JobClient client = env.executeAsync("ferstream demo");
            waitForModel(Duration.ofSeconds(120));

            Instant start = Instant.now();
            ReplayPlan plan = ReplayPlan.of(faces, options, start);
            AtomicReference<Exception> replayFailure = new AtomicReference<>();
            Replayer replayer = new Replayer(kafka.bootstrapServers());
            Thread producer = new Thread(() -> {
                try {
                    replayer.send(plan, start.toEpochMilli());
                } catch (Exception e) {
                    replayFailure.set(e);
                }
            }, "replay");
            producer.setDaemon(true);
            producer.start();

            boolean live = !noLive && System.console() != null;
            long lastLine = 0;
            try (web; OutputWatcher watcher = new OutputWatcher(kafka.bootstrapServers(), config.predictionsTopic(),
                    config.confusionTopic(), config.deadLetterTopic(), config.lateLabelsTopic(), partitions, truth)) {
                while (!client.getJobExecutionResult().isDone()) {
                    watcher.poll();
                    if (live) {
                        render(watcher, replayer.sent(), plan.sends().size(), faces.size(), config, start);
                    } else if (System.currentTimeMillis() - lastLine > 5000) {
                        lastLine = System.currentTimeMillis();
                        out.printf(Locale.ROOT, "sent %d/%d records, %d predictions committed, accuracy so far %.4f%n",
                                replayer.sent(), plan.sends().size(), watcher.predictions(), watcher.accuracySoFar());
                    }
                    if (replayFailure.get() != null) {
                        client.cancel();
                        throw new IllegalStateException("replay failed: " + replayFailure.get().getMessage(), replayFailure.get());
                    }
                    Thread.sleep(live ? 500 : 200);
                }
                JobExecutionResult result = client.getJobExecutionResult().get();
                replayer.close();
                watcher.poll();
                // exact totals from the committed topics (the watcher may lag the final commit markers)
                long predictions = TopicReader.readRaw(kafka.bootstrapServers(), config.predictionsTopic()).size();
                long deadLetters = TopicReader.readRaw(kafka.bootstrapServers(), config.deadLetterTopic()).size();
                long saliencyMaps = TopicReader.readRaw(kafka.bootstrapServers(), config.saliencyTopic()).size();
                long catchUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (watcher.predictions() < predictions && System.nanoTime() < catchUp) {
                    watcher.poll();
                }
                if (live) {
                    render(watcher, replayer.sent(), plan.sends().size(), faces.size(), config, start);
                }
                long matched = accumulator(result, TruthJoinFunction.MATCHED);
                long correct = accumulator(result, TruthJoinFunction.CORRECT);
                List<Long> latencies = new ArrayList<>(watcher.latencies());
                Collections.sort(latencies);
                DemoSummary summary = new DemoSummary(plan.count(ReplayPlan.Kind.FACE), predictions, matched,
                        accumulator(result, TruthJoinFunction.LATE_TRUTH), deadLetters,
                        matched == 0 ? Double.NaN : correct / (double) matched, saliencyMaps,
                        accumulator(result, TruthJoinFunction.UNMATCHED), accumulator(result, TruthJoinFunction.EXPIRED),
                        ModelBundle.load(model).version(), parallelism, batchSize, config.effectiveNativeThreads(), rate,
                        watcher.spanMillis() == 0 ? 0 : predictions * 1000.0 / watcher.spanMillis(),
                        watcher.sustainedFacesPerSecond(),
                        percentile(latencies, 0.50), percentile(latencies, 0.99), rawRate, batchAccuracy,
                        (System.nanoTime() - wallStart) / 1e9);
                printSummary(summary);
                if (jsonSummary != null) {
                    ModelBundle.json().writeValue(jsonSummary.toFile(), summary);
                    out.println("summary written to " + jsonSummary);
                }
            }
        }
        return 0;
    }

    /** The live web view on the embedded broker, or null when turned off or its port is taken (the demo goes on). */
    private WebView startWebView(String bootstrapServers, JobConfig config) {
        if (webPort == 0) {
            return null;
        }
        try {
            WebView web = WebView.start(bootstrapServers, ViewTopics.of(config), "earliest", "127.0.0.1", webPort);
            webUrl = web.url();
            out.println("live web view at " + webUrl);
            return web;
        } catch (java.io.IOException e) {
            System.err.println("demo: " + e.getMessage());
            return null;
        }
    }

    private Configuration flinkConfig() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
        conf.setString("metrics.reporter.prom.interval", "1 s");
        return conf;
    }

    /** Waits until the classifier has opened (its metrics appear), so the replay's event times start when it can work. */
    private void waitForModel(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (classifierSubtasks(body) >= parallelism) {
                    return;
                }
            } catch (java.io.IOException e) {
                // reporter not up yet
            }
            Thread.sleep(250);
        }
        System.err.println("demo: metrics endpoint on port " + prometheusPort + " did not show every classifier subtask; starting anyway");
    }

    /** Classifier subtasks whose metrics are up, i.e. whose model is loaded and warmed up. */
    static long classifierSubtasks(String prometheusText) {
        return prometheusText.lines().filter(l -> l.contains("operator_inference_latency_ms"))
                .map(SUBTASK_INDEX::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().count();
    }

    private void render(OutputWatcher w, long sent, int planned, int faces, JobConfig config, Instant start) {
        StringBuilder s = new StringBuilder("\033[H\033[2J");
        s.append(String.format(Locale.ROOT, "ferstream demo   %s   parallelism %d, batch %d   %.1f s%n", model,
                config.parallelism(), config.batchSize(), (System.currentTimeMillis() - start.toEpochMilli()) / 1000.0));
        s.append(String.format(Locale.ROOT, "records sent %d/%d (%d faces)   predictions %d   dead letters %d   late truths %d%n",
                sent, planned, faces, w.predictions(), w.deadLetters(), w.late()));
        s.append(String.format(Locale.ROOT, "accuracy of all predictions so far: %.4f%n%n", w.accuracySoFar()));
        ConfusionWindow win = w.latestWindow();
        if (win == null) {
            s.append(String.format(Locale.ROOT, "waiting for the first %s confusion window (slide %s) ...%n",
                    DurationParser.format(config.windowSize()), DurationParser.format(config.windowSlide())));
        } else {
            long[] counts = win.getCounts().stream().mapToLong(Long::longValue).toArray();
            s.append(String.format(Locale.ROOT, "window %s .. %s: %d matched, accuracy %.4f%n",
                    win.getWindowStart(), win.getWindowEnd(), win.getTotal(), win.getAccuracy()));
            s.append(ConfusionMatrix.of(counts).format());
        }
        s.append(String.format(Locale.ROOT, "%nPrometheus: http://127.0.0.1:%d/metrics%n", prometheusPort));
        if (webUrl != null) {
            s.append("Live web view: ").append(webUrl).append('\n');
        }
        out.print(s);
        out.flush();
    }

    private void printSummary(DemoSummary s) {
        out.printf(Locale.ROOT, "%nsummary%n  images %d, predictions %d, matched %d, late %d, unmatched truths %d, "
                        + "expired predictions %d, dead letters %d, saliency maps %d%n  accuracy (matched pairs) %.4f%s%n"
                        + "  throughput %.1f faces/s end to end, %.1f sustained (middle 80%% of the run)%s%n"
                        + "  latency eventTime->processedAt p50 %d ms, p99 %d ms%n",
                s.images(), s.predictions(), s.matched(), s.late(), s.unmatchedTruths(), s.expiredPredictions(),
                s.deadLetters(), s.saliencyMaps(), s.accuracy(),
                s.batchAccuracy() == null ? "" : String.format(Locale.ROOT, " (batch evaluation of the same faces: %.4f)", s.batchAccuracy()),
                s.facesPerSecond(), s.sustainedFacesPerSecond(),
                s.rawFacesPerSecond() == null ? "" : String.format(Locale.ROOT, "; raw batched %.1f faces/s (%.0f%% / %.0f%%)",
                        s.rawFacesPerSecond(), 100 * s.facesPerSecond() / s.rawFacesPerSecond(),
                        100 * s.sustainedFacesPerSecond() / s.rawFacesPerSecond()),
                s.latencyP50Ms(), s.latencyP99Ms());
    }

    /**
     * Raw batched throughput (faces/s) and accuracy of the model on the same faces, with every core to itself
     * ({@link #rawThreads()} native threads, one classifier): the ceiling the pipeline is measured against, whatever
     * parallelism and threads the job itself uses. The job's subtasks set their own thread cap when they load.
     */
    private static double[] rawBatched(List<Face> faces, JobConfig config) {
        NativeRuntime.configure();
        NativeRuntime.maxThreads(rawThreads());
        Classifier classifier = new Classifier(ModelBundle.load(Path.of(config.modelPath())).network(), config.tta());
        int batch = 64;
        List<byte[]> warm = faces.subList(0, Math.min(batch, faces.size())).stream().map(Face::pixels).toList();
        classifier.probabilities(warm);
        classifier.probabilities(warm);
        long startNs = System.nanoTime();
        ConfusionMatrix confusion = classifier.confusion(faces, batch);
        double seconds = (System.nanoTime() - startNs) / 1e9;
        return new double[]{faces.size() / seconds, confusion.accuracy()};
    }

    private static int rawThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long accumulator(JobExecutionResult result, String name) {
        Object v = result.getAccumulatorResult(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
