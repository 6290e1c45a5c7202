package dev.ferstream.model.acceleration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RowMajorTest {
    private final INDArray nchw = Nd4j.linspace(1, 2 * 3 * 4 * 5, 2 * 3 * 4 * 5, DataType.FLOAT).reshape('c', 2, 3, 4, 5);

    @Test
    void aRowMajorArrayAndAViewOfWholeRowsAtAnOffsetFit() {
        assertTrue(RowMajor.fits(nchw));
        INDArray secondImage = nchw.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(secondImage.offset() > 0);
        assertTrue(RowMajor.fits(secondImage));
    }

    @Test
    void judgesByStridesNotByTheOrderingFlag() {
        INDArray nhwcView = nchw.permute(0, 2, 3, 1);
        assertFalse(RowMajor.fits(nhwcView), "a permuted view has gaps in row-major order");
        INDArray backAgain = nhwcView.permute(0, 3, 1, 2);
        assertTrue(RowMajor.fits(backAgain), "permuted back, the values lie in row-major order whatever the flag says");
        INDArray fortran = Nd4j.create(DataType.FLOAT, new long[]{3, 4}, 'f');
        assertFalse(RowMajor.fits(fortran));
        assertTrue(RowMajor.fits(fortran.transpose()), "a transposed column-major matrix is row-major");
    }

    @Test
    void aSliceWithGapsDoesNotFit() {
        INDArray everyOtherColumn = nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 2, 5));
        assertEquals('c', everyOtherColumn.ordering());
        assertFalse(RowMajor.fits(everyOtherColumn));
    }

    @Test
    void ofReturnsTheArrayItselfOrARowMajorCopyWithTheSameValues() {
        assertSame(nchw, RowMajor.of(nchw));
        INDArray view = nchw.permute(0, 2, 3, 1);
        INDArray copy = RowMajor.of(view);
        assertNotSame(view, copy);
        assertTrue(RowMajor.fits(copy));
        assertEquals(view, copy);
    }
}
