package dev.ferstream.model.acceleration;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * BatchNorm's training-time statistics and its whole backward pass as single fused loops over the activations, for
 * float convolution outputs, NCHW or NHWC; everything else goes to DL4J's own oneDNN helper, which it wraps.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 a BatchNorm training step spends its time outside oneDNN's batch-norm kernel. The
 * forward pass computes the batch mean and variance with ND4J's strided per-channel reductions, and the backward pass
 * runs libnd4j's {@code batchnorm_bp}; together about 30% of a hw3-cnn training step (bench/profile.sh). Both
 * are a few memory-bound passes: one read of {@code x} gives both statistics (accumulated in double, so the
 * one-pass variance does not lose precision), one read of {@code x} and the gradient gives both parameter
 * gradients, and one more pass writes the input gradient as {@code a*dy + b*(x - mean) + c} per channel. The
 * normalisation itself stays with oneDNN's forward kernel, given the statistics computed here, as in DL4J's helper.
 * Inference (running statistics) stays with DL4J's helper: a Java pass measured no faster there.
 */
final class FusedBatchNormHelper implements BatchNormalizationHelper {
    private final BatchNormalizationHelper fallback;
    private final ChannelKernels kernels;
    private OpContext forwardContext;
    private INDArray batchMean;
    private INDArray batchVariance;
    private boolean lastForwardFused;

    FusedBatchNormHelper(BatchNormalizationHelper fallback, ChannelKernels kernels) {
        this.fallback = fallback;
        this.kernels = kernels;
    }

    /** Whether this helper computes the step itself (else the wrapped helper does). */
    static boolean fuses(INDArray x, INDArray gamma, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && gamma != null;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!training) { // running statistics: DL4J's helper, and the last training pass's state stays as it was
            return fallback.preOutput(x, false, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        lastForwardFused = beta != null && fuses(x, gamma, format);
        if (!lastForwardFused) {
            return fallback.preOutput(x, training, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        INDArray input = RowMajor.of(x);
        boolean channelsLast = format == CNN2DFormat.NHWC;
        int channels = (int) input.size(channelsLast ? 3 : 1);
        if (batchMean == null || batchMean.length() != channels) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                batchMean = Nd4j.createUninitialized(DataType.FLOAT, channels);
                batchVariance = Nd4j.createUninitialized(DataType.FLOAT, channels);
            }
        }
        ChannelKernels.Moments moments = kernels.moments(input, channelsLast);
        batchMean.assign(Nd4j.createFromArray(moments.meanAsFloats()));
        batchVariance.assign(Nd4j.createFromArray(moments.varianceAsFloats()));
        return normalise(input, gamma, beta, eps, channelsLast ? 3 : 1, workspaceMgr);
    }

    /** oneDNN's batch-norm kernel with the batch statistics, exactly as DL4J's helper calls it. */
    private INDArray normalise(INDArray x, INDArray gamma, INDArray beta, double eps, int channelAxis,
                               LayerWorkspaceMgr workspaceMgr) {
        if (forwardContext == null) {
            forwardContext = Nd4j.getExecutioner().buildContext();
        }
        forwardContext.purge();
        forwardContext.setIArguments(1, 1, channelAxis); // apply gamma, apply beta, channel axis
        forwardContext.setTArguments(eps);
        forwardContext.setInputArray(0, x);
        forwardContext.setInputArray(1, batchMean);
        forwardContext.setInputArray(2, batchVariance);
        forwardContext.setInputArray(3, gamma.reshape(gamma.length()));
        forwardContext.setInputArray(4, beta.reshape(beta.length()));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        forwardContext.setOutputArray(0, out);
        Nd4j.exec(new BatchNorm(), forwardContext);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!lastForwardFused || !fuses(input, gamma, format)) {
            return fallback.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
                    workspaceMgr);
        }
        INDArray x = RowMajor.of(input);
        INDArray dy = RowMajor.of(epsilon);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape());
        ChannelKernels.ParameterGradients grads = kernels.backward(x, dy, dx, batchMean.toFloatVector(),
                batchVariance.toFloatVector(), gamma.toFloatVector(), eps, format == CNN2DFormat.NHWC);
        dGammaView.assign(Nd4j.createFromArray(grads.gammaAsFloats()).reshape(dGammaView.shape()));
        dBetaView.assign(Nd4j.createFromArray(grads.betaAsFloats()).reshape(dBetaView.shape()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return lastForwardFused ? batchMean : fallback.getMeanCache(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return lastForwardFused ? batchVariance : fallback.getVarCache(dataType);
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return fallback.checkSupported(eps, fixedGammaBeta);
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return fallback.helperMemoryUse();
    }

    @Override
    public boolean checkSupported() {
        return fallback.checkSupported();
    }
}
