package dev.ferstream.model.dnnl;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.javacpp.Pointer;

import static org.bytedeco.dnnl.global.dnnl.algorithm;

/**
 * The few oneDNN idioms every primitive here uses, so {@link PassBuilder} reads as the network; public for the
 * training helpers on the same library ({@code DnnlConvolutionHelper}).
 */
public final class Primitives {
    private Primitives() {
    }

    /** A float32 memory description of {@code dims} in {@code tag} ({@code any}: the primitive chooses). */
    public static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** The row-major layout of a tensor of {@code dims}' rank (x, nc, ncw, nchw). */
    static memory.format_tag plainTag(int rank) {
        return switch (rank) {
            case 1 -> memory.format_tag.x;
            case 2 -> memory.format_tag.nc;
            case 3 -> memory.format_tag.ncw;
            case 4 -> memory.format_tag.nchw;
            default -> throw new UnsupportedOperationException("oneDNN engine: activations of rank " + rank);
        };
    }

    /** The dimensions a description holds. */
    static long[] dims(memory.desc desc) {
        long[] dims = new long[desc.data().ndims()];
        desc.data().dims().get(dims);
        return dims;
    }

    /** An argument map from DNNL_ARG_* / memory pairs; a null memory (an absent bias) is left out. */
    public static IntMemoryMap args(Object... pairs) {
        IntMemoryMap map = new IntMemoryMap();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((Integer) pairs[i], (memory) pairs[i + 1]);
            }
        }
        return map;
    }

    /**
     * A bare address for oneDNN memory over a buffer someone else owns (the arena's, an INDArray's): the pointer frees
     * nothing when closed or collected.
     */
    public static Pointer at(long address) {
        return new Address(address);
    }

    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }

    /** Attributes with a ReLU after the primitive's arithmetic (one pass over the output instead of two), or none. */
    static primitive_attr reluAfter(boolean relu) {
        primitive_attr attr = new primitive_attr();
        if (relu) {
            post_ops ops = new post_ops();
            ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        return attr;
    }

    /** {@code values} with one more leading dimension {@code n}. */
    static long[] withBatch(long n, long[] values) {
        long[] out = new long[values.length + 1];
        out[0] = n;
        System.arraycopy(values, 0, out, 1, values.length);
        return out;
    }

    static long[] longs(int... values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static long product(long[] values, int from) {
        long p = 1;
        for (int i = from; i < values.length; i++) {
            p *= values[i];
        }
        return p;
    }
}
