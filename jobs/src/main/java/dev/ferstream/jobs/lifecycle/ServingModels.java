package dev.ferstream.jobs.lifecycle;

import dev.ferstream.avro.ModelStatus;
import dev.ferstream.jobs.events.ModelStatusEvent;
import org.apache.flink.runtime.execution.SuppressRestartsException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One subtask's champion and challenger, and the loads that will replace them. Called only from the task thread:
 * {@link #assign} when the broadcast assignment changes, {@link #poll} before each face or batch, which is where a
 * finished load is swapped in. So the swap always falls between two faces, and a version that fails verification is
 * reported and dropped while the previous one keeps serving.
 *
 * <p>A model that leaves both roles is closed once nothing here holds it any more: an ONNX Runtime session lives in
 * native memory the garbage collector never sees, so without this every swap on the onnx engine would leak the
 * retired version's session. Roles can share one object (a promoted challenger is the new champion's model, a
 * rolled-back champion may still shadow), so a dropped model is closed only when no role and no finished load holds
 * that same object.
 */
public final class ServingModels<T> implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServingModels.class);

    private final ModelLoader<T> loader;
    private final String operator;
    private final int subtask;
    private final LifecycleMetrics metrics;

    private LoadedModel<T> champion;
    private LoadedModel<T> challenger;
    private ModelAssignment wanted;
    private Pending<T> championLoad;
    private Pending<T> challengerLoad;
    /** Loads a newer decision replaced before they finished: still reported, never served. */
    private final List<Pending<T>> superseded = new ArrayList<>();
    private final List<ModelStatusEvent> events = new ArrayList<>();
    /** Models that left a role, to close once nothing holds them (see the class comment). */
    private final List<T> dropped = new ArrayList<>();

    private final boolean shadows;

    /**
     * @param shadows whether this operator scores a challenger; one that does not (saliency) never loads it, which
     *                saves a load of seconds and its memory in every such subtask
     */
    public ServingModels(ModelLoader<T> loader, String operator, int subtask, LifecycleMetrics metrics, boolean shadows) {
        this.loader = loader;
        this.shadows = shadows;
        this.operator = operator;
        this.subtask = subtask;
        this.metrics = metrics;
    }

    /**
     * Loads the start assignment before the first face: a champion that cannot load (nor any earlier champion) stops
     * the job without restarts, with its reason (there is nothing else to serve); a challenger that cannot load is
     * only rejected.
     */
    public void start(ModelAssignment assignment) {
        RuntimeException first = null;
        for (ModelRef ref : assignment.championsNewestFirst()) {
            try {
                champion = loader.loadNow(ref);
                break;
            } catch (RuntimeException e) {
                first = first == null ? e : first;
                metrics.rejected();
                event(ref, ModelStatus.REJECTED, String.valueOf(e.getMessage()), 0);
            }
        }
        if (champion == null) {
            // restarting cannot make a bad bundle good: fail the job once, with the bundle's own one-line reason
            throw new SuppressRestartsException(first);
        }
        metrics.serving(champion, "champion");
        event(champion.ref(), ModelStatus.SERVING, "start model " + champion.ref().uri(), champion.seconds());
        wanted = new ModelAssignment(champion.ref(), null, java.util.List.of());
        assign(new ModelAssignment(champion.ref(), assignment.challenger(), assignment.earlier()));
    }

    /** A new broadcast assignment: starts the loads it needs; nothing changes on the processing path yet. */
    public void assign(ModelAssignment assigned) {
        ModelAssignment next = shadows ? assigned : new ModelAssignment(assigned.champion(), null, assigned.earlier());
        ModelAssignment previous = wanted;
        wanted = next;
        if (!next.champion().sameAs(previous.champion())) {
            supersede(championLoad);
            championLoad = startLoad(next.champion(), challenger);
        }
        if (next.challenger() == null) {
            retireChallenger(next.champion());
        } else if (!next.challenger().sameAs(previous.challenger())) {
            supersede(challengerLoad);
            challengerLoad = startLoad(next.challenger(), champion);
        }
    }

    /** Swaps in finished loads; returns the events to publish (and forgets them). */
    public List<ModelStatusEvent> poll() {
        reportSuperseded();
        if (championLoad != null && championLoad.future().isDone()) {
            LoadedModel<T> loaded = finished(championLoad);
            championLoad = null;
            if (loaded != null && loaded.ref().sameAs(wanted.champion())) {
                drop(champion);
                champion = loaded;
                metrics.serving(loaded, "champion");
                event(loaded.ref(), ModelStatus.SERVING, "now serving " + loaded.ref().uri(), loaded.seconds());
            } else {
                drop(loaded); // loaded for a decision that has since changed
            }
        }
        if (challengerLoad != null && challengerLoad.future().isDone()) {
            LoadedModel<T> loaded = finished(challengerLoad);
            challengerLoad = null;
            if (loaded != null && loaded.ref().sameAs(wanted.challenger())) {
                drop(challenger);
                challenger = loaded;
                metrics.serving(loaded, "challenger");
                event(loaded.ref(), ModelStatus.SHADOWING, "now shadowing " + loaded.ref().uri(), loaded.seconds());
            } else {
                drop(loaded);
            }
        }
        closeUnheld();
        List<ModelStatusEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    public LoadedModel<T> champion() {
        return champion;
    }

    /** The loaded challenger, or null while there is none (or it is still loading). */
    public LoadedModel<T> challenger() {
        return challenger;
    }

    private Pending<T> startLoad(ModelRef ref, LoadedModel<T> alreadyLoaded) {
        event(ref, ModelStatus.LOADING, "loading " + ref.uri(), 0);
        if (alreadyLoaded != null && alreadyLoaded.ref().sameAs(ref)) {
            // a promoted challenger (or a rolled-back champion still shadowing) is already warm
            return new Pending<>(ref, CompletableFuture.completedFuture(new LoadedModel<>(ref, alreadyLoaded.model(), 0)));
        }
        return new Pending<>(ref, loader.load(ref));
    }

    /** A load in flight and the version it is for (kept apart from the future, which may fail). */
    private record Pending<T>(ModelRef ref, CompletableFuture<LoadedModel<T>> future) {
    }

    /** Stops shadowing; a challenger that was promoted is now the champion, which is no retirement. */
    private void supersede(Pending<T> load) {
        if (load != null) {
            superseded.add(load);
        }
    }

    /** A replaced load that failed is a rejection like any other; one that loaded is retired unserved. */
    private void reportSuperseded() {
        for (var it = superseded.iterator(); it.hasNext(); ) {
            Pending<T> load = it.next();
            if (load.future().isDone()) {
                it.remove();
                LoadedModel<T> loaded = finished(load);
                if (loaded != null && !isServing(loaded.ref())) {
                    event(loaded.ref(), ModelStatus.RETIRED, "superseded by a newer decision before it served", 0);
                }
                drop(loaded); // closed only if no role holds it
            }
        }
    }

    /** Serving, or about to: wanted in either role. */
    private boolean isServing(ModelRef ref) {
        return (champion != null && champion.ref().sameAs(ref)) || (challenger != null && challenger.ref().sameAs(ref))
                || ref.sameAs(wanted.champion()) || ref.sameAs(wanted.challenger());
    }

    private void retireChallenger(ModelRef newChampion) {
        supersede(challengerLoad);
        challengerLoad = null;
        if (challenger != null) {
            metrics.retired(challenger, "challenger");
            if (!challenger.ref().sameAs(newChampion)) {
                event(challenger.ref(), ModelStatus.RETIRED, "no longer shadowing", 0);
            }
            drop(challenger);
            challenger = null;
        }
    }

    /** The loaded model, or null after recording why it was rejected. */
    private LoadedModel<T> finished(Pending<T> load) {
        try {
            return load.future().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            metrics.rejected();
            event(load.ref(), ModelStatus.REJECTED, String.valueOf(cause.getMessage()), 0);
            return null;
        }
    }

    private void event(ModelRef ref, ModelStatus status, String reason, double seconds) {
        LOG.info("{} {}: {} {} ({}{})", operator, subtask, ref.label(), status, reason,
                seconds > 0 ? String.format(java.util.Locale.ROOT, ", %.2f s", seconds) : "");
        events.add(new ModelStatusEvent(ref.name(), ref.version(), operator, subtask, status, reason, seconds,
                System.currentTimeMillis()));
    }

    private void drop(LoadedModel<T> model) {
        if (model != null) {
            dropped.add(model.model());
        }
    }

    /**
     * Closes the dropped models that neither role nor a finished load holds (the same object, not an equal one). A
     * held one is forgotten here too: whatever holds it drops it again when it lets go.
     */
    private void closeUnheld() {
        if (dropped.isEmpty()) {
            return;
        }
        List<Pending<T>> loads = allLoads();
        java.util.Set<T> closed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (T model : dropped) {
            boolean held = holds(champion, model) || holds(challenger, model)
                    || loads.stream().anyMatch(p -> holds(p, model));
            if (!held && closed.add(model)) {
                closeQuietly(model);
            }
        }
        dropped.clear();
    }

    private static <T> boolean holds(LoadedModel<T> role, T model) {
        return role != null && role.model() == model;
    }

    /** A finished load holds its model until it is swapped in or dropped; one still running holds none yet. */
    private static <T> boolean holds(Pending<T> load, T model) {
        return load != null && loaded(load) && load.future().join().model() == model;
    }

    private List<Pending<T>> allLoads() {
        List<Pending<T>> loads = new ArrayList<>(superseded);
        if (championLoad != null) {
            loads.add(championLoad);
        }
        if (challengerLoad != null) {
            loads.add(challengerLoad);
        }
        return loads;
    }

    /** Finished with a model (not failed, not still running). */
    private static <T> boolean loaded(Pending<T> load) {
        return load.future().isDone() && !load.future().isCompletedExceptionally();
    }

    private void closeQuietly(T model) {
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("{} {}: closing a retired model failed: {}", operator, subtask, e.toString());
            }
        }
    }

    /** Closes every model this subtask still holds, then the loader. */
    @Override
    public void close() {
        drop(champion);
        drop(challenger);
        for (Pending<T> load : allLoads()) {
            if (loaded(load)) {
                drop(load.future().join());
            }
        }
        champion = null;
        challenger = null;
        championLoad = null;
        challengerLoad = null;
        superseded.clear();
        closeUnheld();
        loader.close();
    }
}
