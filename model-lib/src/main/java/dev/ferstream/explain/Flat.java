package dev.ferstream.explain;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies an array of any rank out as row-major floats (plain indexing beats INDArray views for small pieces). */
final class Flat {
    private Flat() {
    }

    static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').reshape(array.length()).toFloatVector();
    }
}
