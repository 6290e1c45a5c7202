package dev.ferstream.model.onnx;

import dev.ferstream.model.Emotion;

import java.util.HashSet;
import java.util.List;

/**
 * How to feed an ONNX graph and read it: the input's name and layout, the input scaling as
 * {@code value = pixel * multiply + add} (pixel 0..255), whether the output holds logits that still need a softmax,
 * and the labels of the output's columns. Exported graphs use {@link #EXPORTED}; imported bundles keep theirs in
 * {@code onnx.json} (this record, as JSON).
 *
 * @param input        the graph's input name
 * @param channelsLast true for [N, 48, 48, 1], false for [N, 1, 48, 48] (for one channel the bytes are the same)
 * @param multiply     factor applied to each pixel (0..255)
 * @param add          added after the factor
 * @param logits       true when the output is logits (a softmax is applied), false for probabilities
 * @param labels       the output's columns, in the graph's order: the seven FER2013 labels in any order
 */
public record OnnxSignature(String input, boolean channelsLast, float multiply, float add, boolean logits,
                            List<String> labels) {
    /** What {@link OnnxExport} writes: NCHW, pixel / 255 (the project's {@code InputScaling}), probabilities. */
    public static final OnnxSignature EXPORTED = new OnnxSignature(OnnxExport.INPUT, false, 1f / 255f, 0f, false,
            Emotion.labels());

    public OnnxSignature {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("the ONNX input name must be set");
        }
        if (!Float.isFinite(multiply) || multiply == 0f || !Float.isFinite(add)) {
            throw new IllegalArgumentException("input scaling pixel * " + multiply + " + " + add + " is not usable");
        }
        if (labels == null || labels.size() != Emotion.COUNT || !new HashSet<>(labels).equals(new HashSet<>(Emotion.labels()))) {
            throw new IllegalArgumentException("labels " + labels + " are not the seven labels " + Emotion.labels()
                    + " in some order");
        }
        labels = List.copyOf(labels);
    }

    /** True when the graph takes the project's own scaling (pixel / 255), so the scaled floats go in unchanged. */
    boolean projectScaling() {
        return multiply == 1f / 255f && add == 0f;
    }

    /** For each {@link Emotion} (in its order), the graph's output column holding it. */
    int[] columns() {
        int[] columns = new int[Emotion.COUNT];
        for (int e = 0; e < Emotion.COUNT; e++) {
            columns[e] = labels.indexOf(Emotion.labels().get(e));
        }
        return columns;
    }

    /** The scaling as text, for model.json's {@code inputScaling}. */
    public String describeScaling() {
        return "pixel*" + multiply + "+" + add + ", row-major 48x48, 1 channel, " + (channelsLast ? "NHWC" : "NCHW");
    }
}
