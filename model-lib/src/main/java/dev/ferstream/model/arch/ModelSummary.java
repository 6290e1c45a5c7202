package dev.ferstream.model.arch;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Keras-style layer table with parameter counts in Keras' terms, so our totals can be compared with the
 * homework's: DL4J stores BatchNorm as gamma, beta, mean and log10(stdev) (4 x C, like Keras' 4 x C), and the
 * mean and variance are the non-trainable part.
 *
 * @param rows              one row per layer (and per implicit flatten)
 * @param totalParams       all parameters
 * @param nonTrainableParams BatchNorm running statistics
 */
public record ModelSummary(String architecture, List<Row> rows, long totalParams, long nonTrainableParams) {

    /** One table row. */
    public record Row(String name, String type, String outputShape, long params) {
    }

    public long trainableParams() {
        return totalParams - nonTrainableParams;
    }

    /**
     * An imported ONNX graph: one row for the whole graph, no counts (ONNX Runtime does not expose the weights, and
     * the graph is not parsed here); {@link #counted()} is false.
     */
    public static ModelSummary importedGraph(String architecture) {
        return new ModelSummary(architecture, List.of(new Row("model.onnx", "imported ONNX graph", "(None, 7)", 0)), -1, 0);
    }

    /** False for {@link #importedGraph}: its parameters were not counted. */
    public boolean counted() {
        return totalParams >= 0;
    }

    public static ModelSummary of(Architecture architecture, MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        InputType input = architecture.inputType();
        List<InputType> activations = conf.getLayerActivationTypes(input);
        List<Row> rows = new ArrayList<>();
        long total = 0;
        long nonTrainable = 0;
        InputType previous = input;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null && isFlatten(previous, pre.getOutputType(previous))) {
                rows.add(new Row("flatten_" + i, "Flatten", shape(pre.getOutputType(previous)), 0));
            }
            Layer layer = conf.getConf(i).getLayer();
            long params = net.getLayer(i).numParams();
            if (layer instanceof BatchNormalization bn) {
                nonTrainable += 2 * bn.getNOut();
            }
            total += params;
            String type = layer.getClass().getSimpleName();
            rows.add(new Row(type.toLowerCase(Locale.ROOT) + "_" + i, type, shape(activations.get(i)), params));
            previous = activations.get(i);
        }
        return new ModelSummary(architecture.name(), List.copyOf(rows), total, nonTrainable);
    }

    private static boolean isFlatten(InputType before, InputType after) {
        return before.getType() == InputType.Type.CNN && after.getType() == InputType.Type.FF;
    }

    /** Keras-like shape text, batch dimension first: (None, 48, 48, 64) or (None, 128). */
    static String shape(InputType type) {
        if (type instanceof InputType.InputTypeConvolutional c) {
            return "(None, " + c.getHeight() + ", " + c.getWidth() + ", " + c.getChannels() + ")";
        }
        if (type instanceof InputType.InputTypeConvolutionalFlat f) {
            return "(None, " + f.getFlattenedSize() + ")";
        }
        return "(None, " + type.arrayElementsPerExample() + ")";
    }

    /** The table as Keras prints it. */
    public String format() {
        StringBuilder out = new StringBuilder();
        String line = "_".repeat(78) + "\n";
        String rule = "=".repeat(78) + "\n";
        out.append("Model: \"").append(architecture).append("\"\n").append(line);
        out.append(String.format(Locale.ROOT, "%-36s%-28s%14s%n", "Layer (type)", "Output Shape", "Param #"));
        out.append(rule);
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-36s%-28s%,14d%n", row.name() + " (" + row.type() + ")",
                    row.outputShape(), row.params()));
        }
        out.append(rule);
        if (!counted()) {
            return out.append("Params: not counted (an imported ONNX graph)\n").append(line).toString();
        }
        out.append(String.format(Locale.ROOT, "Total params: %,d%n", totalParams));
        out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainableParams()));
        out.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", nonTrainableParams));
        out.append(line);
        return out.toString();
    }
}
