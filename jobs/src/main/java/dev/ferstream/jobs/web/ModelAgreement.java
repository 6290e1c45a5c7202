package dev.ferstream.jobs.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, per model version, the predictions on the predictions topic (the champion's) and on the shadow topic (a
 * challenger's), and how often a challenger agrees with the champion on the same face: the first moment the two
 * answers for one face id have both arrived (either may come first: they are separate topics, committed by separate
 * transactions), they are compared once. The answers waiting for their counterpart are kept for the last
 * {@code recent} face ids only, so a challenger that scores a fraction of the faces costs bounded memory; at most
 * {@code versions} versions are listed (the least recently seen goes first). Not thread-safe: {@link StreamView}
 * calls it under its lock.
 */
final class ModelAgreement {
    private static final List<String> ROLES = List.of("champion", "challenger", "former");
    private final int versions;
    private final Map<String, Integer> championLabels;
    private final Map<String, Map<String, Integer>> waitingShadow;
    private final LinkedHashMap<String, Counts> byVersion = new LinkedHashMap<>(16, 0.75f, true);
    private String champion;

    /** Mutable tallies of one version. */
    private static final class Counts {
        long predictions;
        long shadow;
        long compared;
        long agreed;
        boolean lastWasShadow;
    }

    ModelAgreement(int recent, int versions) {
        this.versions = versions;
        this.championLabels = StreamView.lru(recent);
        this.waitingShadow = StreamView.lru(recent);
    }

    /**
     * A prediction from the predictions topic: its version is the champion from now on.
     *
     * @return whether the version is new to the list
     */
    boolean onChampion(String id, int label, String version) {
        boolean added = !byVersion.containsKey(version);
        Counts c = counts(version);
        c.predictions++;
        c.lastWasShadow = false;
        champion = version;
        championLabels.put(id, label);
        Map<String, Integer> waiting = waitingShadow.remove(id);
        if (waiting != null) {
            waiting.forEach((shadowVersion, shadowLabel) -> compare(shadowVersion, shadowLabel == label));
        }
        return added;
    }

    /**
     * A prediction from the shadow topic.
     *
     * @return whether the version is new to the list
     */
    boolean onShadow(String id, int label, String version) {
        boolean added = !byVersion.containsKey(version);
        Counts c = counts(version);
        c.shadow++;
        c.lastWasShadow = true;
        Integer championLabel = championLabels.get(id);
        if (championLabel != null) {
            compare(version, championLabel == label);
        } else {
            waitingShadow.computeIfAbsent(id, k -> new HashMap<>(2)).put(version, label);
        }
        return added;
    }

    private void compare(String shadowVersion, boolean same) {
        Counts c = byVersion.get(shadowVersion);
        if (c != null) { // null only when the version was dropped from the list meanwhile
            c.compared++;
            c.agreed += same ? 1 : 0;
        }
    }

    private Counts counts(String version) {
        Counts c = byVersion.computeIfAbsent(version, v -> new Counts());
        while (byVersion.size() > versions) {
            byVersion.remove(byVersion.keySet().iterator().next());
        }
        return c;
    }

    /** The listed versions: the champion first, then challengers, then former champions, each by version. */
    List<ModelView> views() {
        List<ModelView> out = new ArrayList<>(byVersion.size());
        byVersion.forEach((version, c) -> out.add(new ModelView(version, role(version, c), c.predictions, c.shadow,
                c.compared, c.agreed, c.compared == 0 ? Double.NaN : c.agreed / (double) c.compared)));
        out.sort(Comparator.comparing((ModelView m) -> ROLES.indexOf(m.role())).thenComparing(ModelView::version));
        return out;
    }

    /** The version of the newest champion prediction; null before the first. */
    String champion() {
        return champion;
    }

    private String role(String version, Counts c) {
        if (version.equals(champion)) {
            return "champion";
        }
        return c.lastWasShadow ? "challenger" : "former";
    }
}
