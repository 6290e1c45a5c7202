package dev.ferstream.jobs.events;

/**
 * A champion's matched pair with the face it was made from: one record of the feedback store
 * ({@code FeedbackRecord} on disk). Times are epoch milliseconds.
 *
 * @param pixels        2,304 grey bytes as classified
 * @param probabilities the champion's seven probabilities
 */
public record FeedbackPair(String id, byte[] pixels, int actual, int predicted, float[] probabilities, String modelName,
                           String modelVersion, long faceTime, long truthTime) {
}
