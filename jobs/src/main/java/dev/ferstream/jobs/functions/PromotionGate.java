package dev.ferstream.jobs.functions;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelStatus;
import dev.ferstream.eval.McNemar;
import dev.ferstream.eval.PairedOutcomes;
import dev.ferstream.jobs.config.GateSettings;
import dev.ferstream.jobs.events.ConfusionCounts;
import dev.ferstream.jobs.events.GateInput;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.events.ModelStatusEvent;
import dev.ferstream.jobs.events.PairedVerdict;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.ModelRef;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.Locale;

/**
 * The optional promotion gate (docs/lifecycle.md). It counts, for the current champion and challenger, the faces
 * both scored and who was right; at {@code gate.min-pairs} it decides once: the challenger becomes champion when it
 * is better by {@code gate.margin} with McNemar's one-sided exact p &le; {@code gate.alpha}, else it keeps shadowing.
 * Separately, a champion whose window accuracy over at least {@code gate.min-pairs} pairs falls below
 * {@code gate.floor} is rolled back to the champion before it, once.
 *
 * <p>A decision is a ModelChange written to the models topic as a ModelUpdate (the main output, written exactly-once), so it reaches every
 * subtask the way a person's {@code promote} does and stays in the history; each decision is also a ModelEvent with
 * its figures. Keyed by one constant key: the gate is one place that sees every paired face.
 */
public final class PromotionGate extends KeyedBroadcastProcessFunction<String, GateInput, ModelChange, ModelChange> {
    /** The tally of one champion/challenger match-up and whether it has been decided. */
    public record Tally(String champion, String challenger, PairedOutcomes outcomes, boolean decided) {
    }

    private static final String KEY = "assignment";

    private final GateSettings gate;
    private final ModelAssignment start;
    private transient ValueState<Tally> tally;
    private transient ValueState<String> rolledBackFrom;

    public PromotionGate(GateSettings gate, ModelAssignment start) {
        this.gate = gate;
        this.start = start;
    }

    @Override
    public void open(OpenContext openContext) {
        tally = getRuntimeContext().getState(new ValueStateDescriptor<>("gate-tally", Tally.class));
        rolledBackFrom = getRuntimeContext().getState(new ValueStateDescriptor<>("gate-rolled-back", String.class));
    }

    @Override
    public void processBroadcastElement(ModelChange change, Context ctx, Collector<ModelChange> out) throws Exception {
        var state = ctx.getBroadcastState(ModelServingOperator.STATE);
        ModelAssignment current = state.get(KEY);
        state.put(KEY, (current != null ? current : start).apply(change));
    }

    @Override
    public void processElement(GateInput in, ReadOnlyContext ctx, Collector<ModelChange> out) throws Exception {
        ModelAssignment a = ctx.getBroadcastState(ModelServingOperator.STATE).get(KEY);
        a = a != null ? a : start;
        if (in.verdict() != null) {
            count(in.verdict(), a, ctx, out);
        } else {
            watchFloor(in.window(), a, ctx, out);
        }
    }

    private void count(PairedVerdict v, ModelAssignment a, ReadOnlyContext ctx, Collector<ModelChange> out)
            throws Exception {
        if (!a.hasChallenger() || !v.championVersion().equals(a.champion().version())
                || !v.challengerVersion().equals(a.challenger().version())) {
            return; // a face scored under an earlier match-up
        }
        Tally t = tally.value();
        if (t == null || !t.champion().equals(v.championVersion()) || !t.challenger().equals(v.challengerVersion())) {
            t = new Tally(v.championVersion(), v.challengerVersion(), PairedOutcomes.EMPTY, false);
        }
        t = new Tally(t.champion(), t.challenger(), t.outcomes().add(v.championRight(), v.challengerRight()), t.decided());
        if (!t.decided() && t.outcomes().total() >= gate.minPairs()) {
            t = new Tally(t.champion(), t.challenger(), t.outcomes(), true);
            decide(t.outcomes(), a, ctx, out);
        }
        tally.update(t);
    }

    private void decide(PairedOutcomes o, ModelAssignment a, ReadOnlyContext ctx, Collector<ModelChange> out) {
        McNemar.Result test = o.mcnemar();
        boolean promote = o.betterAt(gate.alpha(), gate.margin());
        String figures = String.format(Locale.ROOT, "%d paired faces: champion %s right on %d (%.4f), challenger %s on "
                        + "%d (%.4f); only champion right %d, only challenger right %d; McNemar one-sided p=%.3g "
                        + "(alpha %s), gain %.4f (margin %s)", o.total(), a.champion().version(), o.aCorrect(),
                o.accuracyA(), a.challenger().version(), o.bCorrect(), o.accuracyB(), o.onlyARight(), o.onlyBRight(),
                test.pBBetter(), gate.alpha(), o.accuracyGain(), gate.margin());
        ModelRef challenger = a.challenger();
        ctx.output(ModelServingOperator.EVENTS, event(challenger, promote ? ModelStatus.PROMOTED : ModelStatus.KEPT,
                (promote ? "promoted: " : "kept shadowing: ") + figures));
        if (promote) {
            out.collect(update(challenger, "gate"));
        }
    }

    private void watchFloor(ConfusionCounts w, ModelAssignment a, ReadOnlyContext ctx, Collector<ModelChange> out)
            throws Exception {
        if (gate.floor() <= 0 || !w.modelVersion().equals(a.champion().version()) || a.earlier().isEmpty()
                || w.matrix().total() < gate.minPairs() || w.matrix().accuracy() >= gate.floor()
                || a.champion().version().equals(rolledBackFrom.value())) {
            return;
        }
        rolledBackFrom.update(a.champion().version());
        ModelRef previous = a.earlier().get(a.earlier().size() - 1);
        if (!previous.verified()) {
            ctx.output(ModelServingOperator.EVENTS, event(a.champion(), ModelStatus.KEPT, String.format(Locale.ROOT,
                    "below the floor %s (accuracy %.4f over %d pairs) but the champion before it is the start bundle %s, "
                    + "which is not in a registry: publish it to make it a rollback target", gate.floor(),
                    w.matrix().accuracy(), w.matrix().total(), previous.uri())));
            return;
        }
        ctx.output(ModelServingOperator.EVENTS, event(a.champion(), ModelStatus.ROLLED_BACK, String.format(Locale.ROOT,
                "rolled back to %s: window ending %s had accuracy %.4f over %d pairs, below the floor %s", previous.version(),
                Instant.ofEpochMilli(w.windowEnd()), w.matrix().accuracy(), w.matrix().total(), gate.floor())));
        out.collect(update(previous, "gate"));
    }

    private ModelStatusEvent event(ModelRef ref, ModelStatus status, String reason) {
        return new ModelStatusEvent(ref.name(), ref.version(), "gate", 0, status, reason, 0, System.currentTimeMillis());
    }

    /** A champion decision for a registry version (only those can be announced: they have a manifest). */
    private static ModelChange update(ModelRef ref, String by) {
        return new ModelChange(ref, ModelRole.CHAMPION, System.currentTimeMillis(), by);
    }
}
