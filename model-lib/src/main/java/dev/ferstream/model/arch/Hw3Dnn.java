package dev.ferstream.model.arch;

import dev.ferstream.model.Emotion;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The homework's DNN with the CNN's parameter budget: Dense 512/1024/512 (ReLU, BatchNorm, Dropout 0.5 each),
 * Dense 7, BatchNorm, softmax (2,242,083 parameters). It exists to show what convolution buys at equal size.
 */
public final class Hw3Dnn implements Architecture {
    public static final String NAME = "hw3-dnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "homework DNN: dense 512/1024/512 (relu, BN, dropout) + dense7 (2,242,083 params)";
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    @Override
    public MultiLayerConfiguration configuration(ArchitectureOptions options) {
        NeuralNetConfiguration.ListBuilder list = options.networkBuilder()
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        for (int units : new int[]{512, 1024, 512}) {
            list.layer(new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build());
            list.layer(Layers.batchNorm());
            list.layer(new DropoutLayer(0.5));
        }
        list.layer(new DenseLayer.Builder().nOut(Emotion.COUNT).activation(Activation.IDENTITY).build());
        list.layer(Layers.batchNorm());
        list.layer(Layers.softmaxLoss(options.classWeights()));
        return list.setInputType(inputType()).build();
    }
}
