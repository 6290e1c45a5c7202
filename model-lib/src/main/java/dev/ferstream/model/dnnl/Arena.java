package dev.ferstream.model.dnnl;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The activation memory every {@link Pass} of one network shares: the input buffer and two buffers each layer
 * alternates between (it reads one and writes the other; ReLU and BatchNorm work in place). Why: passes are cached
 * per batch size, and fer-vgg's first maps alone are 38 MB at 64 faces; giving each pass its own activations would
 * multiply that by the number of cached sizes. Grows when a larger pass needs more; passes made before that point
 * at freed memory and must be rebuilt ({@link #generation}).
 */
final class Arena implements AutoCloseable {
    /** Slot numbers: where an activation lives. */
    static final int INPUT = 0;
    static final int PING = 1;
    static final int PONG = 2;
    private static final int ALIGNMENT = 64;

    private final BytePointer[] buffers = new BytePointer[3];
    private final long[] capacity = new long[3];
    private int generation;

    /** The slot a layer writes when it reads {@code slot}. */
    static int other(int slot) {
        return slot == PING ? PONG : PING;
    }

    /**
     * Makes each slot hold at least the bytes given; a replaced buffer makes older passes stale ({@link #generation}).
     */
    void ensure(long[] bytes) {
        boolean grown = false;
        for (int slot = 0; slot < buffers.length; slot++) {
            if (bytes[slot] > capacity[slot]) {
                if (buffers[slot] != null) {
                    buffers[slot].close();
                }
                buffers[slot] = new BytePointer(bytes[slot] + ALIGNMENT);
                capacity[slot] = bytes[slot];
                grown = true;
            }
        }
        if (grown) {
            generation++;
        }
    }

    /** The 64-byte aligned start of a slot's buffer (oneDNN's kernels prefer aligned rows). */
    Pointer start(int slot) {
        long address = buffers[slot].address();
        return Primitives.at(address + (ALIGNMENT - address % ALIGNMENT) % ALIGNMENT);
    }

    /** The input slot as floats, for writing faces. */
    FloatPointer input() {
        return new FloatPointer(start(INPUT));
    }

    int generation() {
        return generation;
    }

    @Override
    public void close() {
        for (BytePointer buffer : buffers) {
            if (buffer != null) {
                buffer.close();
            }
        }
    }
}
