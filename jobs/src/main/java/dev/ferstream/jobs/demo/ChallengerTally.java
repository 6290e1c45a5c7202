package dev.ferstream.jobs.demo;

import dev.ferstream.avro.ModelEvent;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.avro.Prediction;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Adds up {@link ChallengerFigures} from the job's committed records, in any order: the demo's live view feeds it
 * while the job runs, and its summary feeds a fresh one with every record once the job has ended, so both show the
 * same figures computed one way. Faces are paired by id; a pair counts for the match-up (champion version, challenger
 * version) that scored it, so a face scored before a promotion is never compared under the next match-up.
 * Single-threaded.
 */
public final class ChallengerTally {
    private static final Set<ModelStatus> DECISIONS = Set.of(ModelStatus.PROMOTED, ModelStatus.KEPT,
            ModelStatus.ROLLED_BACK);

    /** One model's answer to one face. */
    private record Answer(String version, int label) {
    }

    /** Faces both scored, and how many each got right. */
    private static final class Pairs {
        long faces;
        long championRight;
        long challengerRight;
    }

    private record MatchUp(String champion, String challenger) {
    }

    private final Map<String, Integer> truthById;
    private final Map<String, Answer> champion = new HashMap<>();
    private final Map<String, Answer> shadow = new HashMap<>();
    private final Map<MatchUp, Pairs> pairs = new LinkedHashMap<>();
    private final Map<String, Long> served = new LinkedHashMap<>();
    private long shadowCount;
    private long lastEventTime = Long.MIN_VALUE;
    private String servedAtEnd;
    private ModelEvent decision;

    /** @param truthById the labels the replay sends, by face id */
    public ChallengerTally(Map<String, Integer> truthById) {
        this.truthById = truthById;
    }

    /** A record of the {@code predictions} topic (the champion's answer). */
    public void prediction(Prediction p) {
        String version = version(p);
        served.merge(version, 1L, Long::sum);
        long eventTime = p.getEventTime().toEpochMilli();
        if (eventTime >= lastEventTime) {
            lastEventTime = eventTime;
            servedAtEnd = version;
        }
        Answer a = new Answer(version, p.getLabel());
        champion.put(p.getId(), a);
        Answer s = shadow.get(p.getId());
        if (s != null) {
            pair(p.getId(), a, s);
        }
    }

    /** A record of the {@code shadow-predictions} topic (the challenger's answer). */
    public void shadow(Prediction p) {
        shadowCount++;
        Answer s = new Answer(version(p), p.getLabel());
        shadow.put(p.getId(), s);
        Answer a = champion.get(p.getId());
        if (a != null) {
            pair(p.getId(), a, s);
        }
    }

    /** A record of the {@code model-events} topic; only the gate's decisions count here. */
    public void event(ModelEvent e) {
        if (DECISIONS.contains(e.getStatus())) {
            decision = e;
        }
    }

    public ChallengerFigures figures() {
        Map.Entry<MatchUp, Pairs> top = pairs.entrySet().stream()
                .max(Comparator.comparingLong(e -> e.getValue().faces)).orElse(null);
        Pairs p = top == null ? null : top.getValue();
        return new ChallengerFigures(top == null ? null : top.getKey().champion(),
                top == null ? null : top.getKey().challenger(), p == null ? 0 : p.faces,
                p == null ? null : p.championRight / (double) p.faces,
                p == null ? null : p.challengerRight / (double) p.faces, shadowCount, served, servedAtEnd,
                decision == null ? null : decision.getStatus().name(),
                decision == null ? null : decision.getName() + "/" + decision.getVersion(),
                decision == null ? null : decision.getReason());
    }

    private void pair(String id, Answer champ, Answer challenger) {
        Integer truth = truthById.get(id);
        if (truth == null) {
            return;
        }
        Pairs p = pairs.computeIfAbsent(new MatchUp(champ.version(), challenger.version()), k -> new Pairs());
        p.faces++;
        p.championRight += champ.label() == truth ? 1 : 0;
        p.challengerRight += challenger.label() == truth ? 1 : 0;
    }

    private static String version(Prediction p) {
        return p.getModelName() + "/" + p.getModelVersion();
    }
}
