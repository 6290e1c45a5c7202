package dev.ferstream.jobs.lifecycle;

import dev.ferstream.avro.ModelRole;
import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.events.ModelChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What promote, rollback and retire write, from the topic's history; and the assignment a job folds from it. */
class DecisionsTest {
    private static ModelUpdate u(String version, ModelRole role) {
        return ModelUpdate.newBuilder().setName("m").setVersion(version).setUri("file:///r/m/" + version)
                .setManifestSha256(version.repeat(32).substring(0, 64).replace('v', 'a')).setRole(role)
                .setDecidedAt(Instant.EPOCH).setDecidedBy("publish").setArchitecture("hw3-cnn").build();
    }

    @Test
    void promoteRollbackAndRetireFollowTheHistory() {
        List<ModelUpdate> h = new ArrayList<>(List.of(u("v1", ModelRole.CHAMPION), u("v2", ModelRole.CHALLENGER)));
        assertEquals("v1", Decisions.current(h).champion().getVersion());
        assertEquals("v2", Decisions.current(h).challenger().getVersion());

        ModelUpdate promoted = Decisions.promote(h, null);
        assertEquals(List.of("v2", "CHAMPION", "promote"), List.of(promoted.getVersion(), promoted.getRole().name(),
                promoted.getDecidedBy()));
        h.add(promoted);
        assertNull(Decisions.current(h).challenger(), "a promoted challenger no longer shadows");

        ModelUpdate back = Decisions.rollback(h);
        assertEquals(List.of("v1", "CHAMPION", "rollback"), List.of(back.getVersion(), back.getRole().name(),
                back.getDecidedBy()));
        h.add(back);
        assertEquals("v1", Decisions.current(h).champion().getVersion());

        h.add(u("v3", ModelRole.CHALLENGER));
        assertEquals(ModelRole.RETIRED, Decisions.retire(h).getRole());
        h.add(Decisions.retire(h));
        assertNull(Decisions.current(h).challenger());
    }

    @Test
    void refusalsSayWhy() {
        List<ModelUpdate> one = List.of(u("v1", ModelRole.CHAMPION));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Decisions.rollback(one)).getMessage()
                .contains("is the only champion"));
        assertEquals("there is no challenger to promote; name one with --version",
                assertThrows(IllegalArgumentException.class, () -> Decisions.promote(one, null)).getMessage());
        assertEquals("version v9 was never published to this topic",
                assertThrows(IllegalArgumentException.class, () -> Decisions.promote(one, "v9")).getMessage());
        assertEquals("there is no challenger to retire",
                assertThrows(IllegalArgumentException.class, () -> Decisions.retire(one)).getMessage());
    }

    @Test
    void assignmentKeepsEarlierChampionsForARestoreAndClearsAPromotedChallenger() {
        ModelRef v1 = new ModelRef("m", "v1", "u1", null);
        ModelRef v2 = new ModelRef("m", "v2", "u2", "b".repeat(64));
        ModelRef v3 = new ModelRef("m", "v3", "u3", "c".repeat(64));
        ModelAssignment a = ModelAssignment.of(v1)
                .apply(new ModelChange(v2, ModelRole.CHALLENGER, 0, "publish"))
                .apply(new ModelChange(v2, ModelRole.CHAMPION, 0, "promote"));
        assertEquals(v2, a.champion());
        assertNull(a.challenger());
        a = a.apply(new ModelChange(v3, ModelRole.CHAMPION, 0, "publish"));
        assertEquals(List.of(v3, v2, v1), a.championsNewestFirst());
        assertEquals(a, a.apply(new ModelChange(v3, ModelRole.CHAMPION, 0, "again")), "same champion: no change");
        assertEquals(a, a.apply(new ModelChange(v1, ModelRole.RETIRED, 0, "retire")), "retiring a non-challenger: no change");
    }
}
