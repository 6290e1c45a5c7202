package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Face;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hold-out is chosen by face id: reproducible, about the asked share, and a face never lands on both sides. */
class HoldoutSplitTest {
    // 2,000 ids at 0.2: 400 expected, standard deviation 17.9; the counts below are the hash's, within 1 sd
    @Test
    void theSameIdsSplitTheSameWayAndNearTheFraction() {
        List<Face> faces = RetrainFixtures.faces("face-", 2000, false, 1);
        HoldoutSplit a = HoldoutSplit.of(faces, 0.2);
        HoldoutSplit b = HoldoutSplit.of(RetrainFixtures.faces("face-", 2000, true, 9), 0.2);
        assertEquals(ids(a.holdout()), ids(b.holdout()), "the split depends on the ids only");
        assertEquals(2000, a.train().size() + a.holdout().size());
        assertEquals(388, a.holdout().size());
        assertTrue(ids(a.train()).stream().noneMatch(ids(a.holdout())::contains));
    }

    /** FER2013's ids are row numbers; a CRC-32 held out 448 of these 2,000 (22.4%), SHA-256 holds out 391. */
    @Test
    void sequentialNumericIdsAreHeldOutAtTheFraction() {
        List<Face> faces = RetrainFixtures.faces("", 2000, false, 1);
        assertEquals(391, HoldoutSplit.of(faces, 0.2).holdout().size());
    }

    @Test
    void aRepeatedFaceStaysOnItsSide() {
        List<Face> once = RetrainFixtures.faces("id", 300, false, 2);
        List<Face> twice = new ArrayList<>(once);
        twice.addAll(once);
        HoldoutSplit split = HoldoutSplit.of(twice, 0.3);
        assertEquals(2 * HoldoutSplit.of(once, 0.3).holdout().size(), split.holdout().size());
        assertTrue(ids(split.train()).stream().noneMatch(ids(split.holdout())::contains));
    }

    @Test
    void aLargerFractionHoldsOutASuperset() {
        List<Face> faces = RetrainFixtures.faces("f", 500, false, 3);
        List<String> small = ids(HoldoutSplit.of(faces, 0.1).holdout());
        List<String> large = ids(HoldoutSplit.of(faces, 0.3).holdout());
        assertTrue(large.containsAll(small), "raising the fraction only moves faces into the hold-out");
        assertTrue(large.size() > small.size());
    }

    @Test
    void fractionOutsideTheOpenIntervalIsRefused() {
        assertEquals("--holdout-fraction must be in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> HoldoutSplit.of(List.of(), 1.0)).getMessage());
    }

    private static List<String> ids(List<Face> faces) {
        return faces.stream().map(Face::id).toList();
    }
}
