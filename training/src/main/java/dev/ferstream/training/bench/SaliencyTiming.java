package dev.ferstream.training.bench;

import dev.ferstream.explain.saliency.SaliencyMethods;
import dev.ferstream.explain.saliency.SaliencyProvider;
import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Milliseconds per face of a saliency method, through the same {@link SaliencyProvider} the stream's saliency
 * operator uses ({@link SaliencyMethods} by name), so the figure is what one map costs there.
 *
 * <p>Why the median of repeated calls after untimed ones: the first calls build the provider's inference copy and
 * let the JIT compile the Java side, as the peers' {@code cnn_saliency_bs*_ms_per_img} warm up before timing.
 *
 * @param method saliency method name ("gradient", "occlusion", "smoothgrad")
 * @param warmup untimed calls before timing
 * @param calls  timed calls; the median is reported
 */
public record SaliencyTiming(String method, int warmup, int calls) {
    public SaliencyTiming {
        SaliencyMethods.factory(method); // a one-line error for an unknown name
        if (warmup < 0 || calls < 1) {
            throw new IllegalArgumentException("saliency timing needs warmup >= 0 and calls >= 1, got " + warmup + " / " + calls);
        }
    }

    /**
     * Median ms per face of maps for {@code faces} (one call for all of them, as a batch), each for its class.
     *
     * @param network an initialised network (the bench's freshly built one: weights do not change the cost)
     */
    public double msPerFace(MultiLayerNetwork network, List<byte[]> faces, int[] classes) {
        SaliencyProvider provider = SaliencyMethods.factory(method).create(new ModelBundle(null, network, null));
        List<byte[]> batch = new ArrayList<>(faces);
        for (int i = 0; i < warmup; i++) {
            provider.maps(batch, classes);
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            float[][] maps = provider.maps(batch, classes);
            ms[i] = (System.nanoTime() - start) / 1e6 / faces.size();
            if (maps.length != faces.size()) {
                throw new IllegalStateException(method + " saliency returned " + maps.length + " maps for " + faces.size() + " faces");
            }
        }
        Arrays.sort(ms);
        return ms[calls / 2];
    }
}
