package dev.ferstream.model.inference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained network frozen for inference: its layers compiled into a fixed sequence of libnd4j ops (oneDNN
 * convolutions, pooling and BatchNorm; BatchNorms folded into the layer before them where no activation separates
 * them) over activation buffers allocated once and reused by every forward pass. The maps are kept channels-last
 * ({@link ChannelsLast}: no reorders around oneDNN's convolutions) and a ReLU before a max pooling runs after it
 * ({@link ReluAfterPooling}); both are exact.
 *
 * <p>Why: DL4J's {@code MultiLayerNetwork.output} re-validates, re-shapes and re-allocates every layer's arrays on
 * every call. That is invisible at batch 64 but a large share of a single face, the stream job's common case: for hw3-cnn
 * at batch 1 it took p50 7.9 ms where the plan takes 3.2 ms (bench 20261128T0305Z; see README, Speed and memory).
 *
 * <p>The weights are copied when the plan is compiled; later changes to the network are not seen, so compile again
 * after training. Not thread-safe (the buffers are shared by the passes): one plan per thread or Flink subtask.
 */
public final class InferencePlan {
    /** Forward passes take at most this many faces; larger inputs are run in chunks (no faster beyond it). */
    public static final int MAX_BATCH = 64;

    private final List<Stage> stages;
    private final long inputWidth;
    private final Map<Integer, BoundPass> passes = new HashMap<>();
    private INDArray[] buffers;
    private int capacity;

    private InferencePlan(List<Stage> stages, long inputWidth) {
        this.stages = stages;
        this.inputWidth = inputWidth;
    }

    /**
     * Compiles the network as it is now.
     *
     * @throws UnsupportedOperationException naming the first layer it cannot run and why
     */
    public static InferencePlan compile(MultiLayerNetwork network) {
        List<Stage> stages = ChannelsLast.convert(ReluAfterPooling.apply(PlanCompiler.compile(network)));
        return new InferencePlan(stages, PlanCompiler.inputWidth(network));
    }

    /** Number of layer steps (each one or two native ops) a forward pass runs. */
    public int steps() {
        return stages.size();
    }

    /** The network's output (probabilities) for {@code features} [n, width]; a new array the caller owns. */
    public INDArray output(INDArray features) {
        if (features.rank() != 2 || features.size(1) != inputWidth) {
            throw new IllegalArgumentException("expected features [n, " + inputWidth + "], got "
                    + java.util.Arrays.toString(features.shape()));
        }
        int n = (int) features.size(0);
        long[] lastShape = stages.get(stages.size() - 1).outputShape();
        INDArray result = Nd4j.create(DataType.FLOAT, withBatch(n, lastShape), 'c');
        for (int from = 0; from < n; from += MAX_BATCH) {
            int count = Math.min(MAX_BATCH, n - from);
            BoundPass pass = pass(count);
            pass.input().assign(features.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all()));
            for (PreparedOp op : pass.ops()) {
                op.run();
            }
            result.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all()).assign(pass.output());
        }
        return result;
    }

    private BoundPass pass(int n) {
        if (n > capacity) {
            allocate(n);
        }
        return passes.computeIfAbsent(n, this::bind);
    }

    /** Buffers for {@code n} faces; smaller batches use their leading rows. */
    private void allocate(int n) {
        passes.values().forEach(BoundPass::close);
        passes.clear();
        capacity = n;
        buffers = new INDArray[stages.size() + 1];
        buffers[0] = Nd4j.create(DataType.FLOAT, new long[]{n, inputWidth}, 'c');
        for (int i = 0; i < stages.size(); i++) {
            if (!stages.get(i).step().inPlace()) {
                buffers[i + 1] = Nd4j.create(DataType.FLOAT, withBatch(n, stages.get(i).outputShape()), 'c');
            }
        }
    }

    private BoundPass bind(int n) {
        INDArray input = leadingRows(buffers[0], n, new long[]{inputWidth});
        INDArray current = input;
        List<PreparedOp> ops = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            INDArray in = leadingRows(current, n, stage.inputShape());
            INDArray out = stage.step().inPlace() ? in : leadingRows(buffers[i + 1], n, stage.outputShape());
            stage.step().bind(in, out).forEach(op -> ops.add(PreparedOp.of(op)));
            current = out;
        }
        return new BoundPass(input, List.copyOf(ops), current);
    }

    /** A c-order view of the first {@code n} rows of a contiguous buffer, shaped [n, perFace...]: never a copy. */
    private static INDArray leadingRows(INDArray buffer, int n, long[] perFace) {
        long[] shape = withBatch(n, perFace);
        return Nd4j.create(buffer.data(), shape, Nd4j.getStrides(shape, 'c'), buffer.offset(), 'c');
    }

    private static long[] withBatch(long n, long[] perFace) {
        long[] shape = new long[perFace.length + 1];
        shape[0] = n;
        System.arraycopy(perFace, 0, shape, 1, perFace.length);
        return shape;
    }

    /** The ops of one forward pass over {@code n} faces, bound to views of the plan's buffers. */
    private record BoundPass(INDArray input, List<PreparedOp> ops, INDArray output) {
        void close() {
            ops.forEach(PreparedOp::close);
        }
    }
}
