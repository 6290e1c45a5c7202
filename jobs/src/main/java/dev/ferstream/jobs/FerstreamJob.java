package dev.ferstream.jobs;

import dev.ferstream.jobs.cli.RunCommand;
import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.DeliverySettings;
import dev.ferstream.jobs.config.EventTimeSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.ExplainRequest;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.FaceInput;
import dev.ferstream.jobs.events.MatchedPair;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.events.TruthEvent;
import dev.ferstream.jobs.events.TruthInput;
import dev.ferstream.jobs.events.GateInput;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.events.ScoredPair;
import dev.ferstream.jobs.functions.PairVerdicts;
import dev.ferstream.jobs.functions.PromotionGate;
import dev.ferstream.jobs.events.ModelInput;
import dev.ferstream.jobs.events.SaliencyEvent;
import dev.ferstream.jobs.functions.ClassifyOperator;
import dev.ferstream.jobs.functions.ModelServingOperator;
import dev.ferstream.jobs.functions.RouteModels;
import dev.ferstream.jobs.functions.SaliencyOperator;
import dev.ferstream.jobs.functions.ShadowSelection;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.StartModel;
import dev.ferstream.jobs.functions.ConfusionAggregate;
import dev.ferstream.jobs.functions.ConfusionWindowFunction;
import dev.ferstream.jobs.functions.PairTimeWindows;
import dev.ferstream.jobs.functions.RouteFaces;
import dev.ferstream.jobs.functions.RouteTruths;
import dev.ferstream.explain.saliency.SaliencyProviderFactory;
import dev.ferstream.jobs.functions.SaliencySampler;
import dev.ferstream.jobs.functions.TruthJoinFunction;
import dev.ferstream.jobs.functions.FeedbackTruthJoin;
import dev.ferstream.jobs.feedback.FeedbackSink;
import dev.ferstream.jobs.kafka.KafkaEndpoints;
import dev.ferstream.jobs.kafka.KafkaStartCheck;
import dev.ferstream.jobs.state.RestorePoint;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
    private static final String JOB_NAME = "ferstream: classify faces";

    private final JobConfig config;
    private final JobSources sources;
    private final JobSinks sinks;
    private final SaliencyProviderFactory saliency;
    private final ModelAssignment start;

    public FerstreamJob(JobConfig config, JobSources sources, JobSinks sinks) {
        this(config, sources, sinks, config.saliency().factory());
    }

    /**
     * The start assignment is the models topic's, as the sources read it, or else the bundle at model.path; its
     * model.json is read here, so a missing or foreign bundle stops the job before it is submitted.
     */
    public FerstreamJob(JobConfig config, JobSources sources, JobSinks sinks, SaliencyProviderFactory saliency) {
        this.config = config;
        this.sources = sources;
        this.sinks = sinks;
        this.saliency = saliency;
        this.start = sources.start() != null ? sources.start()
                : ModelAssignment.of(StartModel.fromPath(config.model().path()));
    }

    /**
     * Entry point for {@code flink run} (the shaded jar's main class): the {@code run} command's options, parsed by
     * the same picocli model as {@code ferstream run} ({@code [run] [--config FILE] [-D key=value | -Dkey=value |
     * --set key=value]... [--from-savepoint PATH | --resume-latest]}). {@code --from-savepoint} sets the same Flink
     * key as {@code flink run -s}; {@code --resume-latest} has no Flink equivalent and is resolved here, on the
     * client, through Flink's filesystems. Stopping is the cluster's ({@code flink stop}); {@code --metrics-port} is
     * ignored (the cluster's configuration sets its reporter). The broker is checked first ({@link KafkaStartCheck}),
     * so wrong credentials fail the submission in one line. No {@code System.exit} here, so it is safe in
     * application mode too.
     */
    public static void main(String[] args) throws Exception {
        RunCommand run = RunCommand.parseCommand(args);
        JobConfig config = run.jobConfig();
        KafkaStartCheck.verify(config.kafka());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RestorePoint.apply(env, run.restorePoint().resolve(config.delivery(), System.err));
        new FerstreamJob(config, KafkaEndpoints.sources(config), KafkaEndpoints.sinks(config)).execute(env);
    }

    /**
     * Parallelism, checkpointing and where state is kept, as configured; call before {@link #build} on a fresh
     * environment. With {@code checkpoint.dir} set, checkpoints go to that filesystem and are retained when the job is
     * cancelled or fails (Flink's RETAIN_ON_CANCELLATION), the newest {@code checkpoint.retained} of them, so a later
     * start can resume from one; stop-with-savepoint writes to {@link DeliverySettings#effectiveSavepointDir()}.
     * Keys left empty set nothing, so a cluster's own configuration (e.g. RocksDB and S3 on Kubernetes) stays in force.
     */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.delivery().checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.configure(stateSettings(config.delivery()));
    }

    /** The Flink 2.x keys behind the job's state settings (names checked against the 2.2.1 jars). */
    static Configuration stateSettings(DeliverySettings delivery) {
        Configuration flink = new Configuration();
        if (!delivery.stateBackend().isEmpty()) {
            flink.set(StateBackendOptions.STATE_BACKEND, delivery.stateBackend());
        }
        if (delivery.durable()) {
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, delivery.checkpointDir());
            flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            flink.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, delivery.retainedCheckpoints());
        }
        if (!delivery.effectiveSavepointDir().isEmpty()) {
            flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, delivery.effectiveSavepointDir());
        }
        return flink;
    }

    /** Configures, builds and runs the job until it ends (bounded sources, a cancel, or a failure). */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        prepare(env);
        return env.execute(JOB_NAME);
    }

    /** Configures, builds and submits the job without waiting, for a caller that stops it ({@code ferstream run}). */
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        prepare(env);
        return env.executeAsync(JOB_NAME);
    }

    private void prepare(StreamExecutionEnvironment env) {
        configure(env, config);
        build(env);
        LOG.info("{}", config.describe());
        if (env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
            LOG.warn("checkpoint.dir is not set: checkpoints stay in the JobManager's memory, so the job's state "
                    + "(windows, offsets, counters) will not survive a restart; set checkpoint.dir to keep it");
        }
    }

    /** Adds the pipeline to the environment: inputs, classification and saliency, then the truth join and windows. */
    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<FaceEvent> faces = env
                .fromSource(sources.faces(), eventTime(FaceInput::face, FaceEvent::eventTime), "faces source")
                .uid("faces-source")
                .process(new RouteFaces()).name("route faces").uid("route-faces");
        SingleOutputStreamOperator<TruthEvent> truths = env
                .fromSource(sources.labels(), eventTime(TruthInput::truth, TruthEvent::eventTime), "labels source")
                .uid("labels-source")
                .process(new RouteTruths()).name("route labels").uid("route-labels");

        SingleOutputStreamOperator<ModelChange> models = modelDecisions(env);

        faces.getSideOutput(RouteFaces.rejected()).union(truths.getSideOutput(RouteFaces.rejected()))
                .union(models.getSideOutput(RouteFaces.rejected()))
                .sinkTo(sinks.deadLetters()).name("dead-letter sink").uid("dead-letter-sink");

        SingleOutputStreamOperator<Classified> classified = classify(faces, models);
        SingleOutputStreamOperator<PredictionEvent> predictions = classified
                .process(new SaliencySampler(config.saliency()))
                .name("saliency sampler").uid("saliency-sampler");
        predictions.sinkTo(sinks.predictions()).name("predictions sink").uid("predictions-sink");
        DataStream<PredictionEvent> shadow = classified.getSideOutput(ClassifyOperator.SHADOW);
        shadow.sinkTo(sinks.shadowPredictions()).name("shadow-predictions sink").uid("shadow-predictions-sink");
        SingleOutputStreamOperator<SaliencyEvent> maps = explain(predictions.getSideOutput(SaliencySampler.TAG), models);
        DataStream<ModelStatusEvent> events = classified.getSideOutput(ModelServingOperator.EVENTS)
                .union(maps.getSideOutput(ModelServingOperator.EVENTS));
        DataStream<ModelStatusEvent> gateEvents = confusionWindows(championJoin(classified, predictions, truths), shadow,
                truths, models);
        (gateEvents == null ? events : events.union(gateEvents))
                .sinkTo(sinks.modelEvents()).name("model-events sink").uid("model-events-sink");
    }

    /**
     * Decisions from the models topic (one partition, read by one subtask, so every classifier sees them in one
     * order), or none when the job has no models source.
     */
    private SingleOutputStreamOperator<ModelChange> modelDecisions(StreamExecutionEnvironment env) {
        DataStream<ModelInput> in = sources.models() != null
                ? env.fromSource(sources.models(), WatermarkStrategy.noWatermarks(), "models source")
                .uid("models-source").setParallelism(1)
                // a one-element sequence filtered to nothing: Flink 2.2's fromData fails on an empty collection
                : env.fromSequence(0, 0).uid("no-models-source").filter(x -> false).uid("no-models")
                .map(x -> (ModelInput) null).returns(TypeInformation.of(ModelInput.class)).uid("no-models-typed");
        return in.process(new RouteModels()).name("route models").uid("route-models").setParallelism(1);
    }

    /**
     * Event time from the decoded record; rejected records have no trustworthy time, and {@code MIN_VALUE} never
     * advances the watermark.
     */
    private <I, E> WatermarkStrategy<I> eventTime(SerializableFunction<I, E> event, SerializableToLong<E> time) {
        EventTimeSettings t = config.eventTime();
        return WatermarkStrategy.<I>forBoundedOutOfOrderness(t.outOfOrderness())
                .withTimestampAssigner((in, kafkaTime) -> {
                    E e = event.apply(in);
                    return e != null ? time.applyAsLong(e) : Long.MIN_VALUE;
                })
                .withIdleness(t.idleness());
    }

    /** Faces in, with every model decision broadcast to every classifier subtask. */
    private SingleOutputStreamOperator<Classified> classify(DataStream<FaceEvent> faces, DataStream<ModelChange> models) {
        BatchingSettings batching = config.batching();
        String name = batching.batched() ? "classify (batches of " + batching.size() + ")" : "classify";
        return faces.connect(models.broadcast())
                .transform(name, TypeInformation.of(Classified.class), new ClassifyOperator(config.model(), batching,
                        start, new ShadowSelection(config.lifecycle().challengerFraction())))
                .uid("classify");
    }

    /** Own chain (own thread): explanations cost several forward passes and should not stall classification. */
    private SingleOutputStreamOperator<SaliencyEvent> explain(DataStream<ExplainRequest> toExplain,
                                                             DataStream<ModelChange> models) {
        SingleOutputStreamOperator<SaliencyEvent> maps = toExplain.connect(models.broadcast())
                .transform("saliency", TypeInformation.of(SaliencyEvent.class),
                        new SaliencyOperator(config.model(), saliency, config.saliency(), start))
                .uid("saliency").startNewChain();
        maps.sinkTo(sinks.saliency()).name("saliency sink").uid("saliency-sink");
        return maps;
    }

    /**
     * Predictions meet their labels; matched pairs are counted in sliding windows keyed by model version (one
     * matrix per model, so a roll-out never mixes two). Parallelism 1: there is normally one key, and one subtask
     * keeps the window gauges in one place.
     */
    private DataStream<ModelStatusEvent> confusionWindows(SingleOutputStreamOperator<MatchedPair> matched,
                                                          DataStream<PredictionEvent> shadow, DataStream<TruthEvent> truths,
                                                          DataStream<ModelChange> models) {
        EventTimeSettings t = config.eventTime();
        matched.getSideOutput(TruthJoinFunction.LATE)
                .sinkTo(sinks.lateTruths()).name("late-labels sink").uid("late-labels-sink");
        // the challenger's answers meet the same truths in a join of their own; its late truths are the same records
        // the champion's join already sent to late-labels, so they are not sent twice
        SingleOutputStreamOperator<MatchedPair> shadowMatched = shadow.keyBy(PredictionEvent::id)
                .connect(truths.keyBy(TruthEvent::id))
                .process(new TruthJoinFunction(t, "shadow_"))
                .name("shadow truth join").uid("shadow-truth-join");
        DataStream<ConfusionCounts> windows = matched.union(shadowMatched).keyBy(MatchedPair::modelVersion)
                .window(new PairTimeWindows(t.windowSize(), t.windowSlide()))
                .aggregate(new ConfusionAggregate(), new ConfusionWindowFunction())
                .name("confusion window").uid("confusion-window").setParallelism(1);
        windows.sinkTo(sinks.confusion()).name("confusion sink").uid("confusion-sink").setParallelism(1);
        return config.lifecycle().gate().enabled() ? gate(matched, shadowMatched, windows, models) : null;
    }

    /**
     * The champion's predictions meet their labels (same uid either way). With the feedback store on, the join reads
     * the classifier's output, whose pixels the saliency sampler drops, and sends each matched pair with its face to
     * the FileSink; off, it reads the predictions and keeps no pixels.
     */
    private SingleOutputStreamOperator<MatchedPair> championJoin(DataStream<Classified> classified,
                                                                 DataStream<PredictionEvent> predictions,
                                                                 DataStream<TruthEvent> truths) {
        if (!config.feedback().enabled()) {
            return predictions.keyBy(PredictionEvent::id).connect(truths.keyBy(TruthEvent::id))
                    .process(new TruthJoinFunction(config.eventTime())).name("truth join").uid("truth-join");
        }
        SingleOutputStreamOperator<MatchedPair> matched = classified.keyBy(c -> c.prediction().id())
                .connect(truths.keyBy(TruthEvent::id))
                .process(new FeedbackTruthJoin(config.eventTime())).name("truth join").uid("truth-join");
        matched.getSideOutput(FeedbackTruthJoin.FEEDBACK)
                .sinkTo(sinks.feedback() != null ? sinks.feedback() : FeedbackSink.create(config.feedback()))
                .name("feedback sink").uid("feedback-sink");
        return matched;
    }

    /**
     * The promotion gate: faces both models scored are paired by id, and with the fired windows go to one gate
     * subtask, whose decisions go back to the models topic (and so to every classifier); returns its events.
     */
    private DataStream<ModelStatusEvent> gate(DataStream<MatchedPair> champion, DataStream<MatchedPair> challenger,
                      DataStream<ConfusionCounts> windows, DataStream<ModelChange> models) {
        DataStream<GateInput> verdicts = champion.map(p -> new ScoredPair(p, false)).name("champion pairs")
                .uid("gate-champion-pairs")
                .union(challenger.map(p -> new ScoredPair(p, true)).name("challenger pairs").uid("gate-challenger-pairs"))
                .keyBy(s -> s.pair().id())
                .process(new PairVerdicts(config.eventTime().truthMaxDelay())).name("pair verdicts").uid("pair-verdicts")
                .map(GateInput::of).name("verdicts").uid("gate-verdicts");
        SingleOutputStreamOperator<ModelChange> decisions = verdicts
                .union(windows.map(GateInput::of).name("windows").uid("gate-windows").setParallelism(1))
                .keyBy(in -> "gate")
                .connect(models.broadcast(ModelServingOperator.STATE))
                .process(new PromotionGate(config.lifecycle().gate(), start)).name("promotion gate").uid("promotion-gate");
        decisions.sinkTo(sinks.modelDecisions()).name("model-decisions sink").uid("model-decisions-sink").setParallelism(1);
        return decisions.getSideOutput(ModelServingOperator.EVENTS);
    }

    /** A serializable getter of the decoded event (null for rejected records). */
    @FunctionalInterface
    private interface SerializableFunction<I, O> extends java.io.Serializable {
        O apply(I in);
    }

    /** A serializable getter of the event time. */
    @FunctionalInterface
    private interface SerializableToLong<E> extends java.io.Serializable {
        long applyAsLong(E e);
    }
}
