package dev.ferstream.model.acceleration;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one test of whether the package's Java kernels may read an array as a plain run of floats: its values lie in
 * row-major order with no gaps, from its offset, and can be indexed by an int.
 *
 * <p>Why by strides, not by ND4J's ordering flag: a twice-permuted view can lie in row-major order while its flag says
 * 'f', and a view can say 'c' with gaps. Every helper that hands an array to a kernel and every kernel that checks one
 * use this test, so an array one side accepts is never refused (or misread) by the other.
 */
final class RowMajor {
    private RowMajor() {
    }

    /** Whether {@code a}'s values lie in row-major order with no gaps, fewer than 2^31 of them. */
    static boolean fits(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return a.length() <= Integer.MAX_VALUE;
    }

    /** {@code a} itself where it {@link #fits}, else a row-major copy. */
    static INDArray of(INDArray a) {
        return fits(a) ? a : a.dup('c');
    }
}
