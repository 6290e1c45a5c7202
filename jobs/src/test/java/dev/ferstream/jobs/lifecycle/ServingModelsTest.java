package dev.ferstream.jobs.lifecycle;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A model that leaves both roles is closed (an ONNX Runtime session would otherwise stay in native memory after every
 * swap), and one that another role still serves with is not: a promoted challenger keeps its object as champion.
 */
class ServingModelsTest {
    @TempDir
    Path dir;

    /** Stands for a model with native memory: records whether it was closed, and how often. */
    static final class Tracked implements AutoCloseable {
        final String version;
        int closes;

        Tracked(String version) {
            this.version = version;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private final List<Tracked> opened = new ArrayList<>();

    private ServingModels<Tracked> serving() {
        ModelLoader<Tracked> loader = new ModelLoader<>(bundle -> {
            Tracked t = new Tracked(bundle.getFileName().toString());
            synchronized (opened) {
                opened.add(t);
            }
            return t;
        }, "serving-models-test");
        return new ServingModels<>(loader, "classify", 0, new LifecycleMetrics(new UnregisteredMetricsGroup()), true);
    }

    private ModelRef version(String v) {
        return new ModelRef("m", v, dir.resolve(v).toString(), null);
    }

    /** Polls (as the task thread does before each face) until the condition holds. */
    private static void pollUntil(ServingModels<Tracked> s, Predicate<ServingModels<Tracked>> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.test(s)) {
            if (System.nanoTime() > deadline) {
                fail("the load did not finish within 10 s");
            }
            Thread.sleep(5);
            s.poll();
        }
    }

    private static boolean serves(ServingModels<Tracked> s, String champion, String challenger) {
        return s.champion().model().version.equals(champion)
                && (challenger == null ? s.challenger() == null
                : s.challenger() != null && s.challenger().model().version.equals(challenger));
    }

    @Test
    void aReplacedChampionIsClosedAndAPromotedChallengerKeepsServing() throws InterruptedException {
        ServingModels<Tracked> s = serving();
        s.start(ModelAssignment.of(version("v1")));
        Tracked v1 = s.champion().model();

        s.assign(new ModelAssignment(version("v2"), null, List.of(version("v1"))));
        pollUntil(s, m -> serves(m, "v2", null));
        assertEquals(1, v1.closes, "the replaced champion is closed once");
        Tracked v2 = s.champion().model();
        assertEquals(0, v2.closes);

        s.assign(new ModelAssignment(version("v2"), version("v3"), List.of(version("v1"))));
        pollUntil(s, m -> serves(m, "v2", "v3"));
        Tracked v3 = s.challenger().model();

        s.assign(new ModelAssignment(version("v3"), null, List.of(version("v2"), version("v1")))); // promote v3
        pollUntil(s, m -> serves(m, "v3", null));
        assertSame(v3, s.champion().model(), "the promoted challenger is served as it was loaded, not loaded again");
        assertEquals(0, v3.closes, "the promoted challenger is not closed: the champion role holds it now");
        assertEquals(1, v2.closes, "the old champion is closed");

        s.close();
        assertEquals(1, v3.closes, "closing the subtask closes what it served");
        synchronized (opened) {
            assertEquals(3, opened.size(), "three loads: v1, v2, v3 (the promotion reused v3)");
            assertTrue(opened.stream().allMatch(t -> t.closes == 1), "every model closed exactly once");
        }
    }

    @Test
    void aRetiredChallengerIsClosedAndTheChampionIsNot() throws InterruptedException {
        ServingModels<Tracked> s = serving();
        s.start(ModelAssignment.of(version("v1")));
        s.assign(new ModelAssignment(version("v1"), version("v2"), List.of()));
        pollUntil(s, m -> serves(m, "v1", "v2"));
        Tracked v1 = s.champion().model();
        Tracked v2 = s.challenger().model();

        s.assign(ModelAssignment.of(version("v1"))); // retire the challenger
        s.poll();
        assertEquals(1, v2.closes, "the retired challenger is closed");
        assertFalse(v1.closes > 0, "the champion keeps serving");
        s.close();
        assertEquals(1, v1.closes);
        assertEquals(1, v2.closes, "closed once, not again at the end");
    }
}
