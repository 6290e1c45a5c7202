package dev.ferstream.jobs.lifecycle;

import dev.ferstream.jobs.events.ModelChange;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which version serves and which shadows, as every subtask agrees from the same ordered models topic. Kept in
 * broadcast state, so a job restored from a checkpoint or savepoint serves exactly what it served before.
 *
 * @param champion   serves predictions
 * @param challenger scored beside the champion into shadow-predictions; null when none
 * @param earlier    champions before this one, oldest first (at most {@link #HISTORY}): when the champion cannot be
 *                   loaded on a restore (it was rejected when it was announced, too), the subtask serves the newest
 *                   earlier one that loads, which is what it served before the restore
 */
public record ModelAssignment(ModelRef champion, ModelRef challenger, List<ModelRef> earlier) implements Serializable {
    public static final int HISTORY = 8;

    public ModelAssignment {
        if (champion == null) {
            throw new IllegalArgumentException("an assignment always has a champion");
        }
        if (challenger != null && challenger.sameAs(champion)) {
            challenger = null;
        }
        earlier = List.copyOf(earlier == null ? List.of() : earlier);
    }

    public static ModelAssignment of(ModelRef champion) {
        return new ModelAssignment(champion, null, List.of());
    }

    /**
     * The assignment after a decision: a new champion replaces the old (and stops shadowing if it was the
     * challenger); a new challenger replaces any other; retiring the challenger clears it. Retiring the champion is
     * ignored: the job always serves something, and a rollback names the version to serve instead.
     */
    public ModelAssignment apply(ModelChange change) {
        ModelRef ref = change.model();
        return switch (change.role()) {
            case CHAMPION -> ref.sameAs(champion) ? this
                    : new ModelAssignment(ref, ref.sameAs(challenger) ? null : challenger, pushed(champion));
            case CHALLENGER -> new ModelAssignment(champion, ref, earlier);
            case RETIRED -> ref.sameAs(challenger) ? new ModelAssignment(champion, null, earlier) : this;
        };
    }

    public boolean hasChallenger() {
        return challenger != null;
    }

    /** The champion, then earlier champions newest first: the order a restore tries them in. */
    public List<ModelRef> championsNewestFirst() {
        List<ModelRef> out = new ArrayList<>();
        out.add(champion);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            out.add(earlier.get(i));
        }
        return out;
    }

    private List<ModelRef> pushed(ModelRef old) {
        List<ModelRef> out = new ArrayList<>(earlier);
        out.add(old);
        return out.size() > HISTORY ? out.subList(out.size() - HISTORY, out.size()) : out;
    }
}
