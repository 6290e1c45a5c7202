package dev.ferstream.jobs.demo;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Champion against challenger as a downstream reader of the job's topics sees them: both models' accuracy on the
 * faces both scored (their {@code predictions} and {@code shadow-predictions} answers against the labels the replay
 * sent), what each version served, and the promotion gate's decision from {@code model-events}. Versions are named
 * {@code name/version} as the predictions carry them.
 *
 * @param champion            the serving version of the match-up with the most faces both scored; null before any
 * @param challenger          the shadowing version of that match-up; null before any
 * @param bothScored          labelled faces with an answer from both
 * @param championAccuracy    the champion's accuracy on those faces; null when there are none
 * @param challengerAccuracy  the challenger's accuracy on the same faces; null when there are none
 * @param shadowPredictions   records on {@code shadow-predictions}
 * @param predictionsByVersion records on {@code predictions} per version, in the order versions first served
 * @param servedAtEnd         the version of the prediction with the latest event time (the last face); null before any
 * @param gateDecision        PROMOTED, KEPT or ROLLED_BACK from the gate's latest event; null when it has not decided
 * @param gateVersion         the version the decision is about; null when none
 * @param gateReason          the decision with its figures, as the gate wrote it; null when none
 */
public record ChallengerFigures(
        @JsonProperty("champion") String champion,
        @JsonProperty("challenger") String challenger,
        @JsonProperty("both_scored") long bothScored,
        @JsonProperty("champion_accuracy") Double championAccuracy,
        @JsonProperty("challenger_accuracy") Double challengerAccuracy,
        @JsonProperty("shadow_predictions") long shadowPredictions,
        @JsonProperty("predictions_by_version") Map<String, Long> predictionsByVersion,
        @JsonProperty("served_at_end") String servedAtEnd,
        @JsonProperty("gate_decision") String gateDecision,
        @JsonProperty("gate_version") String gateVersion,
        @JsonProperty("gate_reason") String gateReason) {

    public ChallengerFigures {
        predictionsByVersion = Collections.unmodifiableMap(new LinkedHashMap<>(predictionsByVersion));
    }
}
