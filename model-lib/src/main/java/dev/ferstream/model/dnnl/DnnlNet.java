package dev.ferstream.model.dnnl;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.inference.PlanLayers;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A network compiled for oneDNN 2.5: its layers as the inference plan describes them ({@link PlanLayers}), one
 * {@link Pass} per batch size built on first use, the weights packed once ({@link NetWeights}) and the activations in
 * one {@link Arena}. Calls are cut into passes of power-of-two sizes up to {@value #MAX_BATCH} (37 faces: 32, 4, 1), so
 * at most seven passes are ever built; a face costs about the same at any of those sizes here (hw3-cnn 1.12 ms alone,
 * 1.09 ms in a batch of 64; bench/dnnl). Not thread-safe: one per thread or Flink subtask.
 */
final class DnnlNet implements AutoCloseable {
    static final int MAX_BATCH = 64;

    private final List<PlanLayers.Described> layers;
    private final int classes;
    private final engine engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
    private final stream stream = new stream(engine);
    private final NetWeights weights = new NetWeights(engine, stream);
    private final Arena arena = new Arena();
    private final Map<Integer, Pass> passes = new HashMap<>();

    /**
     * Compiles the layers and builds the single-face pass at once, so a layer oneDNN cannot run fails here.
     *
     * @throws UnsupportedOperationException naming that layer
     */
    DnnlNet(List<PlanLayers.Described> layers) {
        this.layers = List.copyOf(layers);
        long[] out = layers.get(layers.size() - 1).outputShape();
        this.classes = (int) Primitives.product(out, 0);
        try {
            pass(1);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int classes() {
        return classes;
    }

    /** Probabilities [n * classes] for {@code n} scaled faces, [n * 2304] row-major. */
    float[] output(float[] faces, int n) {
        float[] out = new float[n * classes];
        for (int from = 0; from < n; ) {
            int size = Math.min(MAX_BATCH, Integer.highestOneBit(n - from));
            Pass pass = pass(size);
            arena.input().put(faces, from * Architecture.PIXELS, size * Architecture.PIXELS);
            pass.run(stream);
            new FloatPointer(arena.start(pass.outputSlot())).get(out, from * classes, size * classes);
            from += size;
        }
        return out;
    }

    /** The pass for {@code size} faces, built now if it is new or the arena grew since it was bound. */
    private Pass pass(int size) {
        Pass pass = passes.get(size);
        if (pass != null && pass.generation() == arena.generation()) {
            return pass;
        }
        if (pass != null) {
            pass.close();
        }
        pass = PassBuilder.build(engine, weights, layers, size, arena);
        passes.put(size, pass);
        return pass;
    }

    @Override
    public void close() {
        passes.values().forEach(Pass::close);
        passes.clear();
        weights.close();
        arena.close();
        stream.close();
        engine.close();
    }
}
