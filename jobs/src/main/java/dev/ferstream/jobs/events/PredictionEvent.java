package dev.ferstream.jobs.events;

/** The model's answer for one face (becomes a Prediction on Kafka). Times are epoch milliseconds. */
public record PredictionEvent(String id, int label, float[] probabilities, String modelName, String modelVersion,
                              long eventTime, long processedAt) {
    public float topProbability() {
        return probabilities[label];
    }
}
