package dev.ferstream.model.inference;

/**
 * A step with the shapes of one face's input and output (no batch dimension). When a stage's input shape differs
 * from the previous stage's output (a flatten, or flat pixels to a 1-channel map), the plan passes a reshaped view.
 */
record Stage(InferenceStep step, long[] inputShape, long[] outputShape) {
}
