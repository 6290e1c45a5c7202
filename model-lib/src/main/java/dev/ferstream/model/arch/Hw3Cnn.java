package dev.ferstream.model.arch;

import dev.ferstream.model.Emotion;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The homework's CNN, exactly: three boxes of [Conv 5x5 same, ReLU, BatchNorm, MaxPool 2x2/2, Dropout 0.25] with
 * 64/128/256 filters, Dense 128 ReLU, BatchNorm, Dropout 0.5, Dense 7, BatchNorm, softmax (2,209,059 parameters in
 * Keras' terms). Kept unchanged as the baseline the tuned models are measured against.
 */
public final class Hw3Cnn implements Architecture {
    public static final String NAME = "hw3-cnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "homework CNN: 3x[conv5x5 64/128/256, relu, BN, maxpool, dropout] + dense128 + dense7 (2,209,059 params)";
    }

    @Override
    public boolean convolutional() {
        return true;
    }

    @Override
    public MultiLayerConfiguration configuration(ArchitectureOptions options) {
        NeuralNetConfiguration.ListBuilder list = options.networkBuilder()
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        int in = 1;
        for (int filters : new int[]{64, 128, 256}) {
            list.layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nIn(in).nOut(filters)
                    .activation(Activation.RELU).build());
            list.layer(Layers.batchNorm());
            list.layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
            list.layer(new DropoutLayer(0.75)); // DL4J takes the keep probability: Keras Dropout(0.25)
            in = filters;
        }
        list.layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build());
        list.layer(Layers.batchNorm());
        list.layer(new DropoutLayer(0.5));
        list.layer(new DenseLayer.Builder().nOut(Emotion.COUNT).activation(Activation.IDENTITY).build());
        list.layer(Layers.batchNorm());
        list.layer(Layers.softmaxLoss(options.classWeights()));
        return list.setInputType(inputType()).build();
    }
}
