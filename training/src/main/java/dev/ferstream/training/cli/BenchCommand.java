package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferstream.data.DataLocator;
import dev.ferstream.data.Face;
import dev.ferstream.data.InputScaling;
import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.Emotion;
import dev.ferstream.model.acceleration.ChannelsLastTraining;
import dev.ferstream.model.acceleration.TrainingAcceleration;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.dnnl.DnnlClassifier;
import dev.ferstream.model.inference.AutoClassifier;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.Engine;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.inference.InferencePlan;
import dev.ferstream.model.inference.TestTimeAugmentation;
import dev.ferstream.model.onnx.OnnxClassifier;
import dev.ferstream.model.onnx.OnnxExport;
import dev.ferstream.model.onnx.OnnxSignature;
import dev.ferstream.runtime.NativeRuntime;
import dev.ferstream.training.bench.LoadedAllocator;
import dev.ferstream.training.bench.SaliencyTiming;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ferstream bench}: training and inference speed of each architecture on real faces, the same
 * measurements as {@code ../shared/peers/torch_peer.py} (Adam, batch 128; inference at batch 1/64/256) so the
 * two can be compared as ratios. Inference is measured both as the project runs it ({@link InferencePlan}, keys
 * {@code <arch>_infer_*}) and through DL4J's {@code output()} ({@code <arch>_dl4j_output_*}), each after a timed
 * warm-up, as JMH would do, so the JIT has compiled the Java side before the clock starts. Saliency is timed as the
 * stream computes it ({@link SaliencyTiming}): the gradient at batch 1 and 32 under the peers' keys
 * {@code <arch>_saliency_bs{1,32}_ms_per_img} (the peers compute the same gradient of the predicted logit), and
 * occlusion, the stream's default method, at batch 1 ({@code <arch>_saliency_occlusion_bs1_ms_per_img}). The JSON
 * names the allocator the process really runs on ({@link LoadedAllocator}). Writes one JSON object.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure training and inference images/s per architecture (compare with torch_peer.py).")
final class BenchCommand implements Callable<Integer> {
    /** Faces measured on: four training batches of 128 (the peer script's batch size). */
    private static final int FACES = 512;
    @Option(names = "--arch", split = ",", defaultValue = "hw3-cnn,hw3-dnn,fer-cnn", description = "architectures (default: ${DEFAULT-VALUE})")
    List<String> architectures;
    @Option(names = "--iters", defaultValue = "5", description = "timed iterations per measurement (default: ${DEFAULT-VALUE})")
    int iters;
    @Option(names = "--data", description = "training CSV to take " + FACES + " faces from (default: train.csv.gz)")
    Path data;
    @Mixin
    SkipBadOption skipBad;
    @Option(names = "--out", description = "also write the JSON here")
    Path out;
    @Option(names = "--warmup-seconds", defaultValue = "2", description = "run each inference measurement this long before timing it (default: ${DEFAULT-VALUE})")
    double warmupSeconds;
    @Option(names = "--no-accelerations", description = "train as DL4J does by default, without the accelerations train uses (forward cache, fused BatchNorm, one-pass ReLU, channels-last steps; for comparison)")
    boolean noAccelerations;
    @Mixin
    EngineOption engineOption;
    @Option(names = "--no-saliency", description = "skip the saliency timings")
    boolean noSaliency;

    @Override
    public Integer call() throws Exception {
        NativeRuntime.configure();
        List<Face> faces = faces();
        float[] features = InputScaling.batch(faces.stream().map(Face::pixels).toList());
        INDArray x = Nd4j.create(features, new long[]{faces.size(), Architecture.PIXELS}, 'c');
        INDArray y = Nd4j.zeros(faces.size(), Emotion.COUNT);
        for (int i = 0; i < faces.size(); i++) {
            y.putScalar(i, faces.get(i).label(), 1);
        }
        ObjectNode result = ModelBundle.json().createObjectNode();
        result.put("engine", "dl4j 1.0.0-M2.1");
        result.put("native", NativeRuntime.describe());
        result.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        result.put("training_accelerations", !noAccelerations);
        result.put("allocator", LoadedAllocator.describe());
        for (String name : architectures) {
            Architecture arch = Architectures.byName(name);
            MultiLayerNetwork net = new MultiLayerNetwork(arch.configuration(ArchitectureOptions.defaults()));
            net.init();
            if (!noAccelerations) {
                TrainingAcceleration.apply(net); // as Trainer does
            }
            String key = name.replace("-", "_");
            DataSet batch = new DataSet(x.get(NDArrayIndex.interval(0, 128)),
                    y.get(NDArrayIndex.interval(0, 128)));
            int trainIters = arch.convolutional() ? iters : 20 * iters;
            ChannelsLastTraining steps = noAccelerations ? null : ChannelsLastTraining.of(net); // as BatchFitter
            Runnable step = steps == null ? () -> net.fit(batch) : () -> steps.fit(batch);
            result.put(key + "_train_img_s", round(rate(step, 128, trainIters)));
            result.put(key + "_train_channels_last", steps != null && steps.switches());
            InferencePlan plan = InferencePlan.compile(net);
            if (!noSaliency) {
                saliency(net, plan.output(x.get(NDArrayIndex.interval(0, 32))).argMax(1).toIntVector(), faces, key, result);
            }
            for (int bs : new int[]{1, 64, 256}) {
                INDArray in = x.get(NDArrayIndex.interval(0, bs));
                int reps = Math.max(1, (64 * iters) / bs);
                result.put(key + "_infer_bs" + bs + "_img_s", round(rate(warm(() -> plan.output(in)), bs, reps)));
                result.put(key + "_dl4j_output_bs" + bs + "_img_s", round(rate(warm(() -> net.output(in, false)), bs, reps)));
            }
            INDArray one = x.get(NDArrayIndex.interval(0, 1));
            result.put(key + "_infer_bs1_p50_ms", round(p50Millis(warm(() -> plan.output(one)), 50)));
            result.put(key + "_dl4j_output_bs1_p50_ms", round(p50Millis(warm(() -> net.output(one, false)), 50)));
            System.err.println(name + " done");
            if (engineOption.engine != Engine.DL4J) {
                served(Architectures.byName(name), faces, result);
            }
        }
        String text = ModelBundle.json().writeValueAsString(result);
        System.out.println(text);
        if (out != null) {
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            Files.writeString(out, text + "\n");
        }
        return 0;
    }

    /** Saliency ms/face: gradient at batch 1 and 32 (the peers' keys), occlusion (the stream's default) at batch 1. */
    private void saliency(MultiLayerNetwork net, int[] predicted, List<Face> faces, String key, ObjectNode result) {
        List<byte[]> pixels = faces.subList(0, 32).stream().map(Face::pixels).toList();
        int[] first = {predicted[0]};
        result.put(key + "_saliency_bs1_ms_per_img",
                round(new SaliencyTiming("gradient", 3, 8 * iters).msPerFace(net, pixels.subList(0, 1), first)));
        result.put(key + "_saliency_bs32_ms_per_img",
                round(new SaliencyTiming("gradient", 2, iters).msPerFace(net, pixels, predicted)));
        result.put(key + "_saliency_occlusion_bs1_ms_per_img",
                round(new SaliencyTiming("occlusion", 2, 2 * iters).msPerFace(net, pixels.subList(0, 1), first)));
    }

    /** The first {@value #FACES} faces of --data. */
    private List<Face> faces() {
        Path file = DataLocator.file(data, "train.csv.gz");
        List<Face> all = skipBad.read(file).faces();
        if (all.size() < FACES) {
            throw new IllegalArgumentException(file + " has " + all.size() + " faces; bench takes " + FACES);
        }
        return all.subList(0, FACES);
    }

    /** The step, after running it for {@code --warmup-seconds}. */
    private Runnable warm(Runnable step) {
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do {
            step.run();
        } while (System.nanoTime() < end);
        return step;
    }

    private static double rate(Runnable step, int images, int iterations) {
        step.run(); // warm-up
        step.run();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            step.run();
        }
        return images * iterations / ((System.nanoTime() - start) / 1e9);
    }

    private static double p50Millis(Runnable step, int samples) {
        step.run();
        double[] ms = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[samples / 2];
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", v));
    }

    /**
     * With {@code --engine onnx}, {@code dnnl} or {@code auto}: the same inference measurements through ONNX Runtime,
     * under {@code <arch>_onnx_*} keys beside the plan's {@code <arch>_infer_*}; with {@code dnnl} (the default)
     * through the oneDNN engine too ({@code <arch>_dnnl_*}), with {@code auto} through the auto engine
     * ({@code <arch>_auto_*}: ONNX Runtime below {@value AutoClassifier#PLAN_FROM} faces a call, the plan from there).
     * All on the same architecture's freshly initialised network exported in memory, with as many intra-op
     * threads as the native runtime has. Timed from raw pixels, as the stream calls it (the plan's keys start from
     * scaled floats; scaling costs microseconds).
     */
    private void served(Architecture arch, List<Face> faces, ObjectNode result) {
        MultiLayerNetwork net = new MultiLayerNetwork(arch.configuration(ArchitectureOptions.defaults()));
        net.init();
        String key = arch.name().replace("-", "_");
        int threads = Math.max(1, Nd4j.getEnvironment().maxMasterThreads());
        List<byte[]> pixels = faces.stream().map(Face::pixels).toList();
        try (OnnxClassifier ort = new OnnxClassifier(OnnxExport.export(net, arch.name()), OnnxSignature.EXPORTED,
                TestTimeAugmentation.NONE, threads)) {
            measure(ort, pixels, key + "_onnx", result);
            result.put(key + "_onnx_threads", threads);
            if (engineOption.engine == Engine.AUTO) {
                // not closed itself: closing it would close ort a second time; the plan holds nothing to close
                measure(new AutoClassifier(ort, new Classifier(net, TestTimeAugmentation.NONE)), pixels, key + "_auto", result);
            }
        }
        if (engineOption.engine == Engine.DNNL) {
            try (DnnlClassifier dnnl = new DnnlClassifier(net, TestTimeAugmentation.NONE)) {
                measure(dnnl, pixels, key + "_dnnl", result);
            }
        }
    }

    private void measure(FaceClassifier classifier, List<byte[]> pixels, String key, ObjectNode result) {
        for (int bs : new int[]{1, 64, 256}) {
            List<byte[]> in = pixels.subList(0, bs);
            int reps = Math.max(1, (64 * iters) / bs);
            result.put(key + "_bs" + bs + "_img_s", round(rate(warm(() -> classifier.probabilities(in)), bs, reps)));
        }
        List<byte[]> one = pixels.subList(0, 1);
        result.put(key + "_bs1_p50_ms", round(p50Millis(warm(() -> classifier.probabilities(one)), 50)));
    }
}
