package dev.ferstream.model.dnnl;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

/**
 * A network's constants in oneDNN memory, shared by every {@link Pass}: each layer's weights reordered once into the
 * layout its primitive asked for (the reorder libnd4j's plan pays on every call), and biases and scales as they are.
 * Keyed by layer index; a layer whose primitives ask for different layouts at different batch sizes keeps one copy
 * per layout.
 */
final class NetWeights implements AutoCloseable {
    private final engine engine;
    private final stream stream;
    private final Map<Integer, List<memory>> packed = new HashMap<>();
    private final Map<String, memory> plain = new HashMap<>();
    private final List<Pointer> owned = new ArrayList<>();

    NetWeights(engine engine, stream stream) {
        this.engine = engine;
        this.stream = stream;
    }

    /** Layer {@code layer}'s weights ({@code values}, laid out as {@code user} says) in layout {@code want}. */
    memory packed(int layer, memory.desc user, float[] values, memory.desc want) {
        List<memory> copies = packed.computeIfAbsent(layer, k -> new ArrayList<>());
        for (memory m : copies) {
            if (m.get_desc().equals(want)) {
                return m;
            }
        }
        memory source = filled(user, values);
        memory target = own(new memory(want, engine));
        try (reorder r = new reorder(source, target);
             IntMemoryMap args = Primitives.args(DNNL_ARG_FROM, source, DNNL_ARG_TO, target)) {
            r.execute(stream, args);
            stream._wait();
        }
        source.close();
        copies.add(target);
        return target;
    }

    /** A plain vector or matrix, made once per {@code key} (e.g. "3/bias"). */
    memory plain(String key, memory.desc desc, float[] values) {
        return plain.computeIfAbsent(key, k -> own(filled(desc, values)));
    }

    private memory filled(memory.desc desc, float[] values) {
        if (desc.get_size() != (long) values.length * Float.BYTES) {
            throw new IllegalStateException("oneDNN memory of " + desc.get_size() + " bytes for " + values.length
                    + " floats");
        }
        memory m = new memory(desc, engine);
        new FloatPointer(m.get_data_handle()).put(values, 0, values.length);
        return m;
    }

    private memory own(memory m) {
        owned.add(m);
        return m;
    }

    @Override
    public void close() {
        owned.forEach(Pointer::close);
        owned.clear();
    }
}
