package dev.ferstream.explain;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * d(sum of output * epsilon) / d(input) of a BN-free, dropout-free {@link InferenceCopy}: one inference-mode
 * forward pass that keeps each layer's input, then one backward pass from the given output epsilon.
 */
final class InputGradients {
    private InputGradients() {
    }

    /** Returns the gradient with the input's shape ([n, features]); rows are independent (no BatchNorm left). */
    static INDArray of(MultiLayerNetwork inferenceCopy, INDArray input, INDArray outputEpsilon) {
        inferenceCopy.setInput(input);
        inferenceCopy.feedForward(false, false);
        Pair<Gradient, INDArray> result = inferenceCopy.backpropGradient(outputEpsilon, LayerWorkspaceMgr.noWorkspaces());
        INDArray gradient = result.getSecond().detach();
        inferenceCopy.clear(); // drop the stored activations so the next batch cannot see stale inputs
        return gradient.reshape(input.shape());
    }
}
