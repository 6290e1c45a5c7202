package dev.ferstream.model.dnnl;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;

import java.util.List;

/**
 * One forward pass for a fixed number of faces: oneDNN primitives in order, each with its arguments bound to the
 * {@link Arena}'s buffers and the network's packed weights. Built once per batch size by {@link PassBuilder} and
 * run as often as asked; {@code generation} is the arena's when it was bound. {@code owned} holds every native object
 * made for this pass alone, freed by {@link #close}.
 */
record Pass(int faces, List<Step> steps, int outputSlot, int generation, List<Pointer> owned) implements AutoCloseable {
    /** A primitive and its arguments (DNNL_ARG_* to memory). */
    record Step(primitive primitive, IntMemoryMap args) {
    }

    /** Runs every step on {@code stream} and waits for the last one. */
    void run(stream stream) {
        for (Step step : steps) {
            step.primitive().execute(stream, step.args());
        }
        stream._wait();
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
    }
}
