package dev.ferstream.jobs;

import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.Rejected;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.events.TruthEvent;
import dev.ferstream.jobs.events.TruthInput;
import dev.ferstream.jobs.functions.BatchClassifyOperator;
import dev.ferstream.jobs.functions.ClassifyFunction;
import dev.ferstream.jobs.functions.ConfusionAggregate;
import dev.ferstream.jobs.functions.ConfusionWindowFunction;
import dev.ferstream.explain.saliency.GradientSaliency;
import dev.ferstream.explain.saliency.OcclusionSaliency;
import dev.ferstream.jobs.functions.RouteFaces;
import dev.ferstream.jobs.functions.RouteTruths;
import dev.ferstream.jobs.functions.SaliencyFunction;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;
import dev.ferstream.jobs.functions.SaliencySampler;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming job: faces from Kafka are classified, a sample is explained with saliency maps, predictions are
 * joined with late ground truth, and a sliding-window confusion matrix is published (see docs/metrics.md and the
 * README's streaming section).
 *
 * <p>As in apache/flink-training, sources and sinks come in through the constructor and {@link #build} wires only
 * the pipeline, so tests and the demo run exactly the production topology against whatever endpoints they choose.
 * Every operator has a stable {@code uid} so savepoints survive changes to the code around it.
 */
public final class FerstreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(FerstreamJob.class);

    private final JobConfig config;
    private final JobSources sources;
    private final JobSinks sinks;
    private final SaliencyProviderFactory saliency;

    public FerstreamJob(JobConfig config, JobSources sources, JobSinks sinks) {
        this(config, sources, sinks, config.saliencyMethod().equals("occlusion")
                ? (SaliencyProviderFactory) OcclusionSaliency::new : GradientSaliency::new);
    }

    public FerstreamJob(JobConfig config, JobSources sources, JobSinks sinks, SaliencyProviderFactory saliency) {
        this.config = config;
        this.sources = sources;
        this.sinks = sinks;
        this.saliency = saliency;
    }

    /**
     * Entry point for {@code flink run} (the shaded jar's main class): {@code [--config FILE] [-Dkey=value | -D
     * key=value | --set key=value]...}. No {@code System.exit} here, so it is safe in application mode too.
     */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path file = null;
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) {
                file = java.nio.file.Path.of(args[++i]);
            } else if ((a.equals("-D") || a.equals("--set")) && i + 1 < args.length) {
                putOverride(overrides, args[++i]);
            } else if (a.startsWith("-D") && a.length() > 2) {
                putOverride(overrides, a.substring(2));
            } else if (a.equals("run")) {
                continue; // tolerate the CLI's subcommand name
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a
                        + "'; usage: [--config FILE] [-Dkey=value]... (keys: " + JobConfig.KEYS.keySet() + ")");
            }
        }
        JobConfig config = JobConfig.parse(file, overrides);
        new FerstreamJob(config, dev.ferstream.jobs.kafka.KafkaEndpoints.sources(config),
                dev.ferstream.jobs.kafka.KafkaEndpoints.sinks(config))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
    }

    private static void putOverride(java.util.Map<String, String> overrides, String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected key=value, got '" + keyValue + "'");
        }
        overrides.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1).trim());
    }

    /** Checkpointing and parallelism as configured; call before {@link #build} on a fresh environment. */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        configure(env, config);
        build(env);
        LOG.info("{}", config.describe());
        return env.execute("ferstream: classify faces");
    }

    /** Adds the pipeline to the environment. */
    public void build(StreamExecutionEnvironment env) {
        WatermarkStrategy<FaceInput> faceTime = WatermarkStrategy
                .<FaceInput>forBoundedOutOfOrderness(config.outOfOrderness())
                // rejected records have no trustworthy time; MIN_VALUE never advances the watermark
                .withTimestampAssigner((in, kafkaTime) -> in.face() != null ? in.face().eventTime() : Long.MIN_VALUE)
                .withIdleness(config.idleness());
        WatermarkStrategy<TruthInput> truthTime = WatermarkStrategy
                .<TruthInput>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((in, kafkaTime) -> in.truth() != null ? in.truth().eventTime() : Long.MIN_VALUE)
                .withIdleness(config.idleness());

        SingleOutputStreamOperator<FaceEvent> faces = env
                .fromSource(sources.faces(), faceTime, "faces source").uid("faces-source")
                .process(new RouteFaces()).name("route faces").uid("route-faces");
        SingleOutputStreamOperator<TruthEvent> truths = env
                .fromSource(sources.labels(), truthTime, "labels source").uid("labels-source")
                .process(new RouteTruths()).name("route labels").uid("route-labels");

        DataStream<Rejected> rejected = faces.getSideOutput(RouteFaces.rejected())
                .union(truths.getSideOutput(RouteFaces.rejected()));
        rejected.sinkTo(sinks.deadLetters()).name("dead-letter sink").uid("dead-letter-sink");

        int threads = config.effectiveNativeThreads();
        SingleOutputStreamOperator<Classified> classified = config.batchSize() > 1
                ? faces.transform("classify (batches of " + config.batchSize() + ")", TypeInformation.of(Classified.class),
                        new BatchClassifyOperator(config.modelPath(), threads, config.tta(), config.batchSize(),
                                config.batchTimeout().toMillis())).uid("classify")
                : faces.map(new ClassifyFunction(config.modelPath(), threads, config.tta())).name("classify").uid("classify");

        SingleOutputStreamOperator<PredictionEvent> predictions = classified
                .process(new SaliencySampler(config.saliencyRate(), config.saliencyThreshold()))
                .name("saliency sampler").uid("saliency-sampler");
        predictions.sinkTo(sinks.predictions()).name("predictions sink").uid("predictions-sink");

        DataStream<ExplainRequest> toExplain = predictions.getSideOutput(SaliencySampler.TAG);
        // Own chain (own thread): explanations cost several forward passes and should not stall classification.
        toExplain.map(new SaliencyFunction(config.modelPath(), threads, saliency)).name("saliency").uid("saliency")
                .startNewChain()
                .sinkTo(sinks.saliency()).name("saliency sink").uid("saliency-sink");

        SingleOutputStreamOperator<MatchedPair> matched = predictions.keyBy(PredictionEvent::id)
                .connect(truths.keyBy(TruthEvent::id))
                .process(new TruthJoinFunction(config.truthMaxDelay(), config.lateRetention()))
                .name("truth join").uid("truth-join");
        matched.getSideOutput(TruthJoinFunction.LATE)
                .sinkTo(sinks.lateTruths()).name("late-labels sink").uid("late-labels-sink");

        // Keyed by model version: one matrix per model, and during a model roll-out the two never mix.
        // Parallelism 1: there is normally one key, and one subtask keeps the window gauges in one place.
        DataStream<ConfusionCounts> windows = matched.keyBy(MatchedPair::modelVersion)
                .window(SlidingEventTimeWindows.of(config.windowSize(), config.windowSlide()))
                .aggregate(new ConfusionAggregate(), new ConfusionWindowFunction())
                .name("confusion window").uid("confusion-window").setParallelism(1);
        windows.sinkTo(sinks.confusion()).name("confusion sink").uid("confusion-sink").setParallelism(1);
    }
}
