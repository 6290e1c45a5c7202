package dev.ferstream.model.arch;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * A named network design. Each architecture is one small class so that the homework's models stay exactly as
 * specified while new designs are added beside them, and so a bundle can be rebuilt from its name.
 */
public interface Architecture {
    /** Input side length in pixels; all architectures take 48x48 grey faces, flattened to 2,304 values in [0,1]. */
    int SIDE = 48;
    int PIXELS = SIDE * SIDE;

    String name();

    String description();

    /** The full DL4J configuration, including the loss layer; the options carry seed, updater and class weights. */
    MultiLayerConfiguration configuration(ArchitectureOptions options);

    /** True when the network has convolution layers (used by the analysis to decide what to draw). */
    boolean convolutional();

    /** The input type the configuration was built for; rows of 2,304 values either way. */
    default InputType inputType() {
        return convolutional() ? InputType.convolutionalFlat(SIDE, SIDE, 1) : InputType.feedForward(PIXELS);
    }
}
