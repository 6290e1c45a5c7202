package dev.ferstream.training.engine;

import dev.ferstream.data.Face;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The training faces of several sources, mixed so that every mini-batch holds each source in proportion to its
 * weight. Why per batch and not one shuffled concatenation: fine-tuning on a small feedback set beside FER2013 must see
 * both in every update (a shuffled concatenation of 2,000 feedback faces and 28,000 FER2013 ones would put about 9
 * feedback faces in a batch of 128, whatever the user asked for), and over- or under-sampling a source is what a weight
 * means.
 *
 * <p>An epoch has as many faces as the sources' training faces together. The source of each position is chosen by
 * smooth weighted round-robin, which keeps every prefix of the epoch, and so every batch, within about one face of its
 * quota; the faces of a source are drawn from seeded permutations (a source smaller than its quota is cycled through
 * again in a new order, a larger one contributes a different sample each epoch). Epoch {@code e} depends only on the
 * seed and {@code e}, so a resumed run sees the same mix.
 */
final class FaceMix {
    private final List<List<Face>> sources;
    private final double[] shares;
    private final long seed;
    private final int epochSize;

    /**
     * @param sources each source's training faces (none empty)
     * @param weights their weights (> 0), same order
     */
    FaceMix(List<List<Face>> sources, double[] weights, long seed) {
        Settings.require(sources.size() == weights.length, "one weight per source");
        double total = 0;
        int size = 0;
        for (int i = 0; i < weights.length; i++) {
            Settings.require(!sources.get(i).isEmpty(), "source " + (i + 1) + " of the data mix has no training faces");
            total += weights[i];
            size += sources.get(i).size();
        }
        this.sources = List.copyOf(sources);
        this.shares = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            shares[i] = weights[i] / total;
        }
        this.seed = seed;
        this.epochSize = size;
    }

    int epochSize() {
        return epochSize;
    }

    /** Each source's training faces, in the order they were given. */
    List<List<Face>> sources() {
        return sources;
    }

    /** Each source's fraction of every batch. */
    double share(int source) {
        return shares[source];
    }

    /** The faces of epoch {@code epochIndex} (0-based) in training order: consecutive batches are slices of it. */
    List<Face> epoch(int epochIndex) {
        List<Draw> draws = new ArrayList<>(sources.size());
        for (int s = 0; s < sources.size(); s++) {
            draws.add(new Draw(sources.get(s), new Random(seed * 1_000_003L + epochIndex * 7_919L + s)));
        }
        int[] order = sourceOrder(epochSize);
        List<Face> faces = new ArrayList<>(epochSize);
        for (int s : order) {
            faces.add(draws.get(s).next());
        }
        return faces;
    }

    /** Which source each of {@code n} positions takes, by smooth weighted round-robin (deterministic, low discrepancy). */
    int[] sourceOrder(int n) {
        double[] credit = new double[shares.length];
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            int best = 0;
            for (int s = 0; s < shares.length; s++) {
                credit[s] += shares[s];
                if (credit[s] > credit[best]) {
                    best = s;
                }
            }
            credit[best] -= 1;
            order[k] = best;
        }
        return order;
    }

    /** Faces of one source in seeded random order, reshuffled each time they run out. */
    private static final class Draw {
        private final List<Face> faces;
        private final Random random;
        private final List<Integer> order = new ArrayList<>();
        private int cursor;

        Draw(List<Face> faces, Random random) {
            this.faces = faces;
            this.random = random;
        }

        Face next() {
            if (cursor == order.size()) {
                order.clear();
                for (int i = 0; i < faces.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                cursor = 0;
            }
            return faces.get(order.get(cursor++));
        }
    }
}
