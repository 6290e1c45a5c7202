package dev.ferstream.jobs.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.demo.ChallengerFigures;

/**
 * What {@code ferstream demo --json-summary FILE} writes. The first six fields are the contract; the rest
 * are measurements (null when not measured). {@code challenger} is there only when the demo ran one.
 */
public record DemoSummary(
        @JsonProperty("images") long images,
        @JsonProperty("predictions") long predictions,
        @JsonProperty("matched") long matched,
        @JsonProperty("late") long late,
        @JsonProperty("dead_letters") long deadLetters,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("saliency_maps") long saliencyMaps,
        @JsonProperty("saliency_shed") long saliencyShed,
        @JsonProperty("unmatched_truths") long unmatchedTruths,
        @JsonProperty("expired_predictions") long expiredPredictions,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("parallelism") int parallelism,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("native_threads") int nativeThreads,
        @JsonProperty("rate") double rate,
        @JsonProperty("faces_per_second") double facesPerSecond,
        @JsonProperty("sustained_faces_per_second") double sustainedFacesPerSecond,
        @JsonProperty("latency_p50_ms") long latencyP50Ms,
        @JsonProperty("latency_p99_ms") long latencyP99Ms,
        @JsonProperty("raw_batched_faces_per_second") Double rawFacesPerSecond,
        @JsonProperty("batch_accuracy") Double batchAccuracy,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("challenger") @JsonInclude(JsonInclude.Include.NON_NULL) ChallengerFigures challenger) {

    /** The summary of a run with this config; {@code raw} is null when the model alone was not measured. */
    static DemoSummary of(DemoOutcome o, JobConfig config, String modelVersion, double rate, RawBench.Result raw,
                          double wallSeconds) {
        return new DemoSummary(o.images(), o.predictions(), o.matched(), o.late(), o.deadLetters(), o.accuracy(),
                o.saliencyMaps(), o.saliencyShed(), o.unmatchedTruths(), o.expiredPredictions(), modelVersion,
                config.parallelism(), config.batching().size(), config.effectiveNativeThreads(), rate,
                o.facesPerSecond(), o.sustainedFacesPerSecond(), o.latencyP50Ms(), o.latencyP99Ms(),
                raw == null ? null : raw.facesPerSecond(), raw == null ? null : raw.accuracy(), wallSeconds,
                o.challenger());
    }
}
