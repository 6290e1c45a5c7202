package dev.ferstream.jobs.events;

/**
 * A matched pair and whose it is: the champion's (from predictions) or the challenger's (from shadow-predictions).
 * The gate needs the distinction; the windows do not (they key by version).
 */
public record ScoredPair(MatchedPair pair, boolean challenger) {
}
