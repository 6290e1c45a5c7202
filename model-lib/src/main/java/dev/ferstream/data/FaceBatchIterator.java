package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.Emotion;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Mini-batches of labelled faces for DL4J: shuffled per epoch (seeded by seed + epoch, so a resumed run sees the
 * same order), optionally augmented and label-smoothed, with a teacher's probabilities blended into the labels of
 * the faces that have them ({@link SoftTargets}) and chosen faces through random cameras ({@link RandomCameras}).
 * Features are rows of 2,304 floats in [0,1].
 */
public final class FaceBatchIterator implements DataSetIterator {
    private final List<Face> faces;
    private final int batchSize;
    private final boolean shuffle;
    private final Augmentation augmentation;
    private final double labelSmoothing;
    private final long seed;
    private final SoftTargets targets;
    private final RandomCameras cameras;
    private List<Integer> order;
    private int cursor;
    private int epoch;
    private Random random;
    private DataSetPreProcessor preProcessor;

    public FaceBatchIterator(List<Face> faces, int batchSize, boolean shuffle, Augmentation augmentation,
                             double labelSmoothing, long seed) {
        this(faces, batchSize, shuffle, augmentation, labelSmoothing, seed, SoftTargets.none(), RandomCameras.none());
    }

    public FaceBatchIterator(List<Face> faces, int batchSize, boolean shuffle, Augmentation augmentation,
                             double labelSmoothing, long seed, SoftTargets targets, RandomCameras cameras) {
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no faces to iterate");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0,1), got " + labelSmoothing);
        }
        this.faces = faces;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.augmentation = augmentation;
        this.labelSmoothing = labelSmoothing;
        this.seed = seed;
        this.targets = targets;
        this.cameras = cameras;
        startEpoch(0);
    }

    /** Plain evaluation batches: file order, no augmentation. */
    public static FaceBatchIterator evaluation(List<Face> faces, int batchSize) {
        return new FaceBatchIterator(faces, batchSize, false, Augmentation.NONE, 0, 0);
    }

    /** Positions the iterator at the start of the given epoch (used when resuming). */
    public void startEpoch(int epochIndex) {
        this.epoch = epochIndex;
        this.random = new Random(seed * 1_000_003L + epochIndex);
        List<Integer> indices = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            indices.add(i);
        }
        if (shuffle) {
            Collections.shuffle(indices, random);
        }
        this.order = indices;
        this.cursor = 0;
    }

    public int epoch() {
        return epoch;
    }

    public int size() {
        return faces.size();
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch finished");
        }
        int n = Math.min(num, order.size() - cursor);
        float[] features = new float[n * Architecture.PIXELS];
        float[] labels = new float[n * Emotion.COUNT];
        float off = (float) (labelSmoothing / Emotion.COUNT);
        float on = (float) (1 - labelSmoothing) + off;
        for (int i = 0; i < n; i++) {
            Face face = faces.get(order.get(cursor + i));
            byte[] pixels = cameras.pixels(face, random);
            if (augmentation.enabled()) {
                augmentation.apply(pixels, random, features, i * Architecture.PIXELS);
            } else {
                InputScaling.write(pixels, features, i * Architecture.PIXELS);
            }
            for (int c = 0; c < Emotion.COUNT; c++) {
                labels[i * Emotion.COUNT + c] = c == face.label() ? on : off;
            }
            targets.blend(face, labels, i * Emotion.COUNT, Emotion.COUNT);
        }
        cursor += n;
        INDArray x = Nd4j.create(features, new long[]{n, Architecture.PIXELS}, 'c');
        INDArray y = Nd4j.create(labels, new long[]{n, Emotion.COUNT}, 'c');
        DataSet ds = new DataSet(x, y);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public int inputColumns() {
        return Architecture.PIXELS;
    }

    @Override
    public int totalOutcomes() {
        return Emotion.COUNT;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (new shuffle and augmentation draws). */
    @Override
    public void reset() {
        startEpoch(cursor == 0 ? epoch : epoch + 1);
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return Emotion.labels();
    }
}
