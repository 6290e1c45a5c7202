package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Face;
import dev.ferstream.jobs.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forgetting check on faces labelled with the champion's own answers (so it scores 1 exactly): the champion
 * against itself loses nothing; a model with other weights loses what it disagrees on, counted face by face here.
 */
class ForgettingCheckTest {
    @Test
    void theCandidateMayLoseAtMostMaxForgetting(@TempDir Path tmp) {
        Path champion = TinyModel.save(tmp.resolve("champion"), 7, 2304);
        Path other = TinyModel.save(tmp.resolve("other"), 8, 2304);
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            pixels.add(TinyModel.face(100 + i));
        }
        int[] championSays = TinyModel.predict(champion, pixels);
        int[] otherSays = TinyModel.predict(other, pixels);
        List<Face> faces = new ArrayList<>();
        int agree = 0;
        for (int i = 0; i < pixels.size(); i++) {
            faces.add(new Face("f" + i, pixels.get(i), championSays[i], 0));
            agree += championSays[i] == otherSays[i] ? 1 : 0;
        }
        double otherAccuracy = agree / 60.0;
        assertTrue(otherAccuracy < 0.9, "the other weights disagree somewhere: " + otherAccuracy);

        RetrainSummary.Forgetting same = ForgettingCheck.of(champion, champion, faces, 0);
        assertEquals(new RetrainSummary.Forgetting(60, 1.0, 1.0, 0, true), same);

        double lost = 1 - otherAccuracy;
        RetrainSummary.Forgetting refused = ForgettingCheck.of(champion, other, faces, lost - 0.01);
        assertEquals(otherAccuracy, refused.candidateAccuracy(), 1e-12);
        assertFalse(refused.kept());
        assertTrue(ForgettingCheck.of(champion, other, faces, lost + 0.01).kept());
        assertEquals(String.format(java.util.Locale.ROOT, "the candidate forgets the original faces: %.4f vs the "
                + "champion's 1.0000 on 60 outside the replay, a loss of %.4f > --max-forgetting %s", otherAccuracy, lost,
                lost - 0.01), Retrain.refusal(refused));
    }
}
