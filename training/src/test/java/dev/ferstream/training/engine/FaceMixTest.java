package dev.ferstream.training.engine;

import dev.ferstream.data.Face;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceMixTest {
    static List<Face> source(String prefix, int n) {
        List<Face> faces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            faces.add(new Face(prefix + i, new byte[2304], i % 7, i + 2));
        }
        return faces;
    }

    static long from(List<Face> faces, String prefix) {
        return faces.stream().filter(f -> f.id().startsWith(prefix)).count();
    }

    /** 900 FER2013-like faces and 100 feedback faces, weighted 1:1: each batch of 32 is half feedback. */
    @Test
    void everyBatchHoldsEachSourceInProportionToItsWeight() {
        FaceMix mix = new FaceMix(List.of(source("fer-", 900), source("fb-", 100)), new double[]{1, 1}, 42);
        List<Face> epoch = mix.epoch(0);
        assertEquals(1000, epoch.size());
        assertEquals(500, from(epoch, "fb-"));
        for (int start = 0; start < 992; start += 32) {
            long feedback = from(epoch.subList(start, start + 32), "fb-");
            assertTrue(feedback >= 15 && feedback <= 17, "batch at " + start + " has " + feedback + " feedback faces");
        }
        // the small source is oversampled: each of its 100 faces 5 times, none more often than another
        Set<String> distinct = new HashSet<>();
        epoch.stream().filter(f -> f.id().startsWith("fb-")).forEach(f -> distinct.add(f.id()));
        assertEquals(100, distinct.size());
        // the large one is undersampled: 500 of its 900 faces, all distinct
        assertEquals(500, epoch.stream().filter(f -> f.id().startsWith("fer-")).map(Face::id).distinct().count());
    }

    /**
     * The train-accuracy sample and BatchNorm recalibration take the first N faces of this order: a retrain's mix
     * (feedback from another camera first, FER2013 replay second, 1:2) must give them both sources at their weights,
     * not the first source alone as the concatenated training faces would.
     */
    @Test
    void theSampleOrderOfAMixHoldsEverySourceAtItsWeight() {
        List<Face> feedback = source("fb-", 1600);
        List<Face> replay = source("fer-", 3200);
        List<Face> concatenated = new ArrayList<>(feedback);
        concatenated.addAll(replay);
        TrainingFaces mixed = new TrainingFaces(new dev.ferstream.data.Split(concatenated, List.of()), "x", List.of(),
                new FaceMix(List.of(feedback, replay), new double[]{1, 2}, 42));
        List<Face> first = EpochLoop.sampleOrder(mixed).subList(0, 1024);
        long fromFeedback = from(first, "fb-");
        assertTrue(fromFeedback >= 340 && fromFeedback <= 343, "a third of 1,024 from the feedback, got " + fromFeedback);
        TrainingFaces single = new TrainingFaces(new dev.ferstream.data.Split(feedback, List.of()), "x", List.of(), null);
        assertEquals(feedback.subList(0, 10), EpochLoop.sampleOrder(single).subList(0, 10), "one source: file order");
    }

    @Test
    void unequalWeightsGiveUnequalShares() {
        FaceMix mix = new FaceMix(List.of(source("a", 300), source("b", 300), source("c", 400)), new double[]{3, 1, 1}, 7);
        List<Face> epoch = mix.epoch(2);
        assertEquals(600, from(epoch, "a"));
        assertEquals(200, from(epoch, "b"));
        assertEquals(200, from(epoch, "c"));
        assertEquals(0.6, mix.share(0), 1e-12);
        for (int start = 0; start < 1000; start += 50) {
            long a = from(epoch.subList(start, start + 50), "a");
            assertTrue(a >= 29 && a <= 31, "batch at " + start + " has " + a + " faces of a");
        }
    }

    @Test
    void seededPerEpoch() {
        List<List<Face>> sources = List.of(source("x", 50), source("y", 500));
        FaceMix mix = new FaceMix(sources, new double[]{1, 4}, 3);
        assertEquals(ids(mix.epoch(1)), ids(new FaceMix(sources, new double[]{1, 4}, 3).epoch(1)), "same seed, same epoch");
        assertNotEquals(ids(mix.epoch(1)), ids(mix.epoch(2)), "another epoch draws other faces");
        assertNotEquals(ids(mix.epoch(1)), ids(new FaceMix(sources, new double[]{1, 4}, 4).epoch(1)), "another seed");
    }

    @Test
    void rejectsAnEmptySource() {
        assertThrows(IllegalArgumentException.class,
                () -> new FaceMix(List.of(source("x", 5), List.of()), new double[]{1, 1}, 1));
    }

    private static List<String> ids(List<Face> faces) {
        return faces.stream().map(Face::id).toList();
    }
}
