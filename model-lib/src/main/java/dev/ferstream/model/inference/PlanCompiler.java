package dev.ferstream.model.inference;

import dev.ferstream.model.batchnorm.BatchNormAffine;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Translates a DL4J network, layer by layer, into {@link Stage}s. Dropout disappears (identity at inference), a
 * BatchNorm right after a convolution or dense layer without activation is folded into its weights, and the shapes
 * come from one inference pass of DL4J itself on a blank face, so they agree with DL4J by construction. Anything
 * it does not know is refused with the layer's index and the reason, never approximated.
 */
final class PlanCompiler {
    private final MultiLayerNetwork network;
    private final List<Stage> stages = new ArrayList<>();

    private PlanCompiler(MultiLayerNetwork network) {
        this.network = network;
    }

    static List<Stage> compile(MultiLayerNetwork network) {
        return new PlanCompiler(network).compileAll();
    }

    /** Width of the flat input the network takes: [n, width]. */
    static long inputWidth(MultiLayerNetwork network) {
        InputPreProcessor first = network.getLayerWiseConfigurations().getInputPreProcess(0);
        if (first instanceof FeedForwardToCnnPreProcessor p) {
            return p.getInputHeight() * p.getInputWidth() * p.getNumChannels();
        }
        if (network.getLayer(0).conf().getLayer() instanceof DenseLayer dense) {
            return dense.getNIn();
        }
        throw new UnsupportedOperationException("the network's input must be flat pixels: a dense first layer or a "
                + "FeedForwardToCnnPreProcessor before the first layer");
    }

    private List<Stage> compileAll() {
        List<INDArray> activations = network.feedForward(Nd4j.zeros(DataType.FLOAT, 1, inputWidth(network)), false);
        for (int i = 0; i < network.getnLayers(); i++) {
            long[] in = perFace(layerInput(i, activations.get(i)));
            long[] out = perFace(activations.get(i + 1).shape());
            compileLayer(i, network.getLayer(i), in, out);
        }
        if (stages.isEmpty()) {
            throw new UnsupportedOperationException("InferencePlan: the network has no layer that computes anything");
        }
        return List.copyOf(stages);
    }

    private long[] layerInput(int index, INDArray activation) {
        InputPreProcessor pre = network.getLayerWiseConfigurations().getInputPreProcess(index);
        if (pre == null) {
            return activation.shape();
        }
        boolean reshapeOnly = pre instanceof FeedForwardToCnnPreProcessor
                || (pre instanceof CnnToFeedForwardPreProcessor c && c.getFormat() == CNN2DFormat.NCHW);
        if (!reshapeOnly) {
            throw unsupported(index, "input preprocessor " + pre.getClass().getSimpleName());
        }
        return pre.preProcess(activation.dup(), 1, LayerWorkspaceMgr.noWorkspaces()).shape();
    }

    private void compileLayer(int index, Layer layer, long[] in, long[] out) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf.getClass() == ConvolutionLayer.class) {
            ConvolutionLayer c = (ConvolutionLayer) conf;
            requireNchw(index, c.getCnn2dDataFormat());
            INDArray bias = c.hasBias() ? layer.getParam("b").dup().reshape(c.getNOut()) : null;
            ConvolutionStep conv = new ConvolutionStep(layer.getParam("W").dup('c'),
                    bias == null ? Nd4j.zeros(DataType.FLOAT, c.getNOut()) : bias, c.getKernelSize(), c.getStride(),
                    c.getPadding(), c.getDilation(), c.getConvolutionMode() == ConvolutionMode.Same);
            add(conv, in, out);
            activation(index, c.getActivationFn(), out);
        } else if (conf.getClass() == DenseLayer.class || conf.getClass() == OutputLayer.class) {
            org.deeplearning4j.nn.conf.layers.FeedForwardLayer d = (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf;
            INDArray bias = layer.paramTable().containsKey("b") ? layer.getParam("b").dup().reshape(d.getNOut()) : Nd4j.zeros(DataType.FLOAT, d.getNOut());
            add(new DenseStep(layer.getParam("W").dup('c'), bias), in, out);
            activation(index, d.getActivationFn(), out);
        } else if (conf instanceof BatchNormalization bn) {
            batchNorm(index, layer, bn, in, out);
        } else if (conf.getClass() == ActivationLayer.class) {
            activation(index, ((ActivationLayer) conf).getActivationFn(), out);
        } else if (conf.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) conf;
            requireNchw(index, s.getCnn2dDataFormat());
            if (s.getPoolingType() != PoolingType.MAX) {
                throw unsupported(index, s.getPoolingType() + " subsampling");
            }
            maxPool(new MaxPoolStep(s.getKernelSize(), s.getStride(), s.getPadding(), s.getDilation(),
                    s.getConvolutionMode() == ConvolutionMode.Same), in, out);
        } else if (conf instanceof GlobalPoolingLayer g) {
            boolean spatial = g.getPoolingDimensions() == null || Arrays.equals(g.getPoolingDimensions(), new int[]{2, 3});
            if (in.length != 3 || !g.isCollapseDimensions() || !spatial
                    || (g.getPoolingType() != PoolingType.AVG && g.getPoolingType() != PoolingType.MAX)) {
                throw unsupported(index, "global pooling other than AVG/MAX over the maps of NCHW activations");
            }
            add(new GlobalPoolStep(g.getPoolingType() == PoolingType.MAX), in, out);
        } else if (conf instanceof DropoutLayer) {
            requireSameShape(index, in, out); // identity at inference
        } else if (conf instanceof LossLayer loss) {
            activation(index, loss.getActivationFn(), out);
        } else {
            throw unsupported(index, conf.getClass().getSimpleName());
        }
    }

    private void batchNorm(int index, Layer layer, BatchNormalization bn, long[] in, long[] out) {
        if (bn.isLockGammaBeta()) {
            throw unsupported(index, "BatchNormalization with locked gamma/beta");
        }
        BatchNormAffine affine = BatchNormAffine.of(layer.paramTable(), bn.getEps());
        Stage last = lastStage();
        if (last != null && last.step() instanceof ConvolutionStep conv) {
            stages.set(stages.size() - 1, new Stage(conv.scaledBy(affine), last.inputShape(), out));
        } else if (last != null && last.step() instanceof DenseStep dense) {
            stages.set(stages.size() - 1, new Stage(dense.scaledBy(affine), last.inputShape(), out));
        } else {
            add(BatchNormStep.of(affine), in, out);
        }
    }

    /**
     * Max pooling; a BatchNorm right before it whose scales are all positive moves after it, onto a quarter of the
     * values. Exact: {@code x -> x * scale + shift} with a positive scale is monotone, also after float rounding, so
     * it picks the same maximum. (hw3-cnn: Conv, ReLU, BatchNorm, MaxPool.)
     */
    private void maxPool(MaxPoolStep pool, long[] in, long[] out) {
        Stage last = lastStage();
        if (last != null && last.step() instanceof BatchNormStep bn && bn.scale().minNumber().doubleValue() > 0) {
            stages.set(stages.size() - 1, new Stage(pool, in, out));
            add(bn, out, out);
        } else {
            add(pool, in, out);
        }
    }

    /** The stage compiled last (a following layer may fold into it or swap with it), or null before the first. */
    private Stage lastStage() {
        return stages.isEmpty() ? null : stages.get(stages.size() - 1);
    }

    private void activation(int index, IActivation fn, long[] shape) {
        if (fn instanceof ActivationIdentity) {
            return;
        }
        if (fn instanceof ActivationReLU relu && relu.equals(new ActivationReLU())) {
            add(new ReluStep(), shape, shape);
        } else if (fn instanceof ActivationSoftmax && shape.length == 1) {
            add(new SoftmaxStep(), shape, shape);
        } else {
            throw unsupported(index, "activation " + fn);
        }
    }

    private void add(InferenceStep step, long[] in, long[] out) {
        stages.add(new Stage(step, in, out));
    }

    private void requireNchw(int index, CNN2DFormat format) {
        if (format != CNN2DFormat.NCHW) {
            throw unsupported(index, format + " activations");
        }
    }

    private void requireSameShape(int index, long[] in, long[] out) {
        if (!Arrays.equals(in, out)) {
            throw unsupported(index, "a layer that changes the shape " + Arrays.toString(in) + " -> " + Arrays.toString(out));
        }
    }

    private UnsupportedOperationException unsupported(int index, String what) {
        return new UnsupportedOperationException("InferencePlan cannot run layer " + index + " ("
                + network.getLayer(index).conf().getLayer().getClass().getSimpleName() + "): " + what);
    }

    private static long[] perFace(long[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
