package dev.ferstream.explain;

import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Saliency speed, ms per face at batch 1 and 32 (not part of the normal test run):
 * {@code mvn -q -B -o -pl model-lib test -Dtest=SaliencyBenchmark -Dferstream.bench=true [-Dferstream.bench.arch=hw3-cnn]}.
 */
@EnabledIfSystemProperty(named = "ferstream.bench", matches = "true")
class SaliencyBenchmark {
    @Test
    void msPerFace() {
        NativeRuntime.configure();
        System.out.println("runtime: " + NativeRuntime.describe());
        String archs = System.getProperty("ferstream.bench.arch", "hw3-cnn,fer-cnn,hw3-dnn");
        for (String arch : archs.split(",")) {
            MultiLayerNetwork net = new MultiLayerNetwork(Architectures.byName(arch).configuration(ArchitectureOptions.defaults()));
            net.init();
            TestNets.randomizeBatchNorm(net, 1, true);
            SaliencyMaps saliency = new SaliencyMaps(net);
            for (int batch : new int[]{1, 32}) {
                List<byte[]> faces = new ArrayList<>();
                Random random = new Random(batch);
                for (int i = 0; i < batch; i++) {
                    byte[] face = new byte[2304];
                    random.nextBytes(face);
                    faces.add(face);
                }
                int[] targets = new int[batch];
                int rounds = batch == 1 ? 40 : 8;
                for (int i = 0; i < 3; i++) {
                    saliency.compute(faces, targets);
                }
                double[] ms = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    saliency.compute(faces, targets);
                    ms[r] = (System.nanoTime() - start) / 1e6 / batch;
                }
                java.util.Arrays.sort(ms);
                // the same work through DL4J's backward pass (which also computes weight gradients), and the
                // plain forward pass, interleaved in this JVM so background load affects all three alike
                org.nd4j.linalg.api.ndarray.INDArray input = org.nd4j.linalg.factory.Nd4j.create(
                        dev.ferstream.data.InputScaling.batch(faces), new long[]{batch, 2304}, 'c');
                double[] dl4j = new double[rounds];
                double[] forward = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long start = System.nanoTime();
                    saliency.gradientViaDl4j(input, targets);
                    dl4j[r] = (System.nanoTime() - start) / 1e6 / batch;
                    start = System.nanoTime();
                    net.output(input, false);
                    forward[r] = (System.nanoTime() - start) / 1e6 / batch;
                }
                java.util.Arrays.sort(dl4j);
                java.util.Arrays.sort(forward);
                System.out.printf(Locale.ROOT, "BENCH %s batch %d: saliency median %.2f (min %.2f) ms/face; via DL4J backprop %.2f (min %.2f); "
                                + "inference forward %.2f (min %.2f); %d rounds%n",
                        arch, batch, ms[rounds / 2], ms[0], dl4j[rounds / 2], dl4j[0], forward[rounds / 2], forward[0], rounds);
            }
        }
    }
}
