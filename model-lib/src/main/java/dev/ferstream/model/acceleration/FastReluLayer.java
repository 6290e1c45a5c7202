package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain-ReLU {@link ActivationLayer} (fer-cnn's and fer-vgg's conv, BatchNorm, ReLU blocks) that reads its input once
 * per pass: forward {@code max(x, 0)} straight into the output array, backward {@code step(x) * epsilon} with two
 * vectorised element-wise ops.
 *
 * <p>Why: DL4J's layer copies its input before each pass, and its ReLU derivative is libnd4j's {@code relu_bp}, which
 * calls a {@code std::function} per element. In a fer-vgg training step the eight ReLU layers took 13% of the time
 * (JFR, steady steps), as much as all BatchNorm work. Same results: both ops are exact, and the derivative at exactly
 * 0 is 0 as in DL4J. Only the layer object changes; its configuration (what a saved model records) is the original's.
 */
final class FastReluLayer extends ActivationLayer {

    /** A replacement for {@code original}: same configuration, position in the network and listeners. */
    FastReluLayer(ActivationLayer original) {
        super(original.conf(), original.conf().getDataType());
        setIndex(original.getIndex());
        setListeners(original.getListeners());
        setCacheMode(original.conf().getCacheMode());
    }

    /** Whether {@code layer} is a DL4J ReLU layer this class computes exactly (no max, threshold or slope). */
    static boolean replaces(Layer layer) {
        return layer instanceof ActivationLayer && !(layer instanceof FastReluLayer)
                && ((org.deeplearning4j.nn.conf.layers.ActivationLayer) layer.conf().getLayer()).getActivationFn()
                .equals(new ActivationReLU());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        Nd4j.getExecutioner().exec(new RectifiedLinear(input, out, 0.0));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(),
                'c');
        Nd4j.getExecutioner().exec(new Step(input, delta, 0.0)); // 1 where x > 0, else 0
        delta.muli(epsilon);
        return new Pair<>(new DefaultGradient(), delta);
    }
}
