package dev.ferstream.model.onnx;

/**
 * How to feed an ONNX graph and read it: the input's name and layout, the input scaling as
 * {@code value = pixel * multiply + add} (pixel 0..255), and whether the output holds logits that still need a
 * softmax. Exported bundles use {@link #EXPORTED}; imported ones record theirs in {@code onnx.json}.
 *
 * @param input        the graph's input name
 * @param channelsLast true for [N, 48, 48, 1], false for [N, 1, 48, 48] (for one channel the bytes are the same)
 * @param multiply     factor applied to each pixel (0..255)
 * @param add          added after the factor
 * @param logits       true when the output is logits (a softmax is applied), false for probabilities
 */
public record OnnxSignature(String input, boolean channelsLast, float multiply, float add, boolean logits) {
    /** What {@link OnnxExport} writes: NCHW, pixel / 255 (the project's {@code InputScaling}), probabilities. */
    public static final OnnxSignature EXPORTED = new OnnxSignature(OnnxExport.INPUT, false, 1f / 255f, 0f, false);

    public OnnxSignature {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("the ONNX input name must be set");
        }
        if (!Float.isFinite(multiply) || multiply == 0f || !Float.isFinite(add)) {
            throw new IllegalArgumentException("input scaling pixel * " + multiply + " + " + add + " is not usable");
        }
    }

    /** The scaling as text, for model.json's {@code inputScaling}. */
    public String describeScaling() {
        return "pixel*" + multiply + "+" + add + ", row-major 48x48, 1 channel, " + (channelsLast ? "NHWC" : "NCHW");
    }
}
