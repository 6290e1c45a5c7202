package dev.ferstream.model.batchnorm;

import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * An inference-mode BatchNorm as {@code y = x * scale + shift} per channel (doubles), and its fold into the
 * convolution or dense layer in front of it. One definition for everything that rewrites a trained network for
 * inference: the saliency module's {@code InferenceCopy} and {@code SingleFilterConv}, and {@code InferencePlan}.
 */
public record BatchNormAffine(INDArray scale, INDArray shift) {
    /** From a BatchNormalization layer's parameters (DL4J keeps either the variance or log10 of the std). */
    public static BatchNormAffine of(Map<String, INDArray> params, double eps) {
        INDArray gamma = params.get(BatchNormalizationParamInitializer.GAMMA).reshape(-1).castTo(DataType.DOUBLE);
        INDArray beta = params.get(BatchNormalizationParamInitializer.BETA).reshape(-1).castTo(DataType.DOUBLE);
        INDArray mean = params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(-1).castTo(DataType.DOUBLE);
        INDArray var;
        if (params.containsKey(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
            // DL4J keeps log10(std); inference uses var = (10^log10std)^2 plus eps
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(mean.shape(), 10.0, DataType.DOUBLE),
                    params.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(-1).castTo(DataType.DOUBLE), false);
            var = std.mul(std);
        } else {
            var = params.get(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(-1).castTo(DataType.DOUBLE);
        }
        INDArray scale = gamma.div(Transforms.sqrt(var.add(eps), false));
        INDArray shift = beta.sub(mean.mul(scale));
        return new BatchNormAffine(scale, shift);
    }

    /**
     * Weights of the layer in front, each output channel scaled (doubles): a convolution's [out, in, kh, kw] per
     * filter, a dense layer's [in, out] per column.
     */
    public INDArray scaleWeights(INDArray weights, boolean convolution) {
        INDArray w = weights.castTo(DataType.DOUBLE);
        long channels = scale.length();
        return convolution
                ? w.reshape(channels, -1).mulColumnVector(scale.reshape(channels, 1)).reshape(w.shape())
                : w.mulRowVector(scale.reshape(1, channels));
    }

    /** The folded bias {@code bias * scale + shift} (doubles); {@code bias} may be null for a layer without one. */
    public INDArray foldBias(INDArray bias) {
        return bias == null ? shift.dup() : bias.castTo(DataType.DOUBLE).reshape(-1).mul(scale).addi(shift);
    }
}
