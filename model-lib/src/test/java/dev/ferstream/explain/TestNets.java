package dev.ferstream.explain;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Random;

/** Small seeded networks in the shapes of the real architectures, with non-trivial BatchNorm statistics. */
final class TestNets {
    private TestNets() {
    }

    private static BatchNormalization bn(Activation activation) {
        return new BatchNormalization.Builder().decay(0.99).eps(1e-3).activation(activation).build();
    }

    /** hw3-cnn's pattern: conv(ReLU) -> BN -> maxpool -> dropout, twice, dense(ReLU) -> BN -> dropout -> dense 7 -> BN. */
    static MultiLayerNetwork hw3Like(DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .weightInit(WeightInit.XAVIER_UNIFORM).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(3).activation(Activation.RELU).build())
                .layer(bn(Activation.IDENTITY))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer(0.75))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(bn(Activation.IDENTITY))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer(0.75))
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(bn(Activation.IDENTITY))
                .layer(new DropoutLayer(0.5))
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.IDENTITY).build())
                .layer(bn(Activation.IDENTITY))
                .layer(new LossLayer.Builder(new LossMCXENT()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(48, 48, 1)).build();
        return randomized(conf, seed);
    }

    /** fer-cnn's pattern: conv(identity, no bias) -> BN(ReLU), maxpool, global average pooling, dropout, dense 7. */
    static MultiLayerNetwork ferLike(DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .weightInit(WeightInit.RELU).convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).hasBias(false).build())
                .layer(bn(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).hasBias(false).build())
                .layer(bn(Activation.RELU))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new DropoutLayer(0.6))
                .layer(new DenseLayer.Builder().nOut(7).activation(Activation.IDENTITY).build())
                .layer(new LossLayer.Builder(new LossMCXENT()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(48, 48, 1)).build();
        return randomized(conf, seed);
    }

    static MultiLayerNetwork randomized(MultiLayerConfiguration conf, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        randomizeBatchNorm(net, seed);
        return net;
    }

    /**
     * Gives every BatchNorm layer random gamma (both signs), beta, mean and small-to-large variances, so a wrong
     * fold (sign, epsilon, order) shows in the outputs.
     */
    static void randomizeBatchNorm(MultiLayerNetwork net, long seed) {
        randomizeBatchNorm(net, seed, false);
    }

    static void randomizeBatchNorm(MultiLayerNetwork net, long seed, boolean positiveGamma) {
        Random random = new Random(seed);
        for (int i = 0; i < net.getnLayers(); i++) {
            if (!(net.getLayer(i) instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization layer)) {
                continue;
            }
            fill(layer.getParam("gamma"), random, () -> (positiveGamma || random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble()));
            fill(layer.getParam("beta"), random, () -> random.nextGaussian() * 0.3);
            fill(layer.getParam("mean"), random, () -> random.nextGaussian() * 0.2);
            fill(layer.getParam("log10stdev"), random, () -> -1.3 + 1.3 * random.nextDouble());
        }
    }

    private static void fill(INDArray param, Random random, java.util.function.DoubleSupplier values) {
        for (long k = 0; k < param.length(); k++) {
            param.putScalar(k, values.getAsDouble());
        }
    }

    /** Random scaled input rows in [0, 1]. */
    static INDArray input(DataType type, int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n * 48 * 48];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextDouble();
        }
        return Nd4j.create(values, new long[]{n, 48 * 48}, 'c').castTo(type);
    }
}
