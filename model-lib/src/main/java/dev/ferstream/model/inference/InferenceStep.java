package dev.ferstream.model.inference;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;

import java.util.List;

/**
 * One native operation of an {@link InferencePlan}. A step holds its own copy of the weights it needs and, given the
 * arrays of one batch, binds a libnd4j op to them once, so a forward pass only executes prepared ops.
 */
interface InferenceStep {
    /** Whether the step writes its result over its input (so the plan gives it no output array of its own). */
    default boolean inPlace() {
        return false;
    }

    /**
     * This step over channels-last (NHWC) maps, for {@link ChannelsLast}: steps that read the channel axis override
     * it; element-wise steps and those over flat rows are the same either way.
     */
    default InferenceStep toChannelsLast() {
        return this;
    }

    /** The ops, in order, computing {@code out} from {@code in}; both arrays hold the same batch (dimension 0). */
    List<CustomOp> bind(INDArray in, INDArray out);
}
