package dev.ferstream.training.engine;

import dev.ferstream.data.FaceBatchIterator;
import dev.ferstream.model.acceleration.ChannelsLastTraining;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.Locale;

/**
 * Fits one epoch of mini-batches, with a progress bar showing the running loss. Each step runs channels-last where the
 * network allows ({@link ChannelsLastTraining}); between steps the network is as configured.
 */
final class BatchFitter {
    /** Batches prepared ahead on the prefetch thread. */
    private static final int PREFETCHED = 4;

    private final RuntimeSettings runtime;
    private final int epochs;

    /** @param epochs the run's last epoch, for the progress bar's "epoch 3/30" */
    BatchFitter(RuntimeSettings runtime, int epochs) {
        this.runtime = runtime;
        this.epochs = epochs;
    }

    /** Trains {@code net} on every batch of {@code epoch} (1-based) and returns the mean training loss. */
    double fit(MultiLayerNetwork net, FaceBatchIterator batches, int epoch) {
        batches.startEpoch(epoch - 1);
        DataSetIterator iterator = runtime.prefetch() ? new AsyncDataSetIterator(batches, PREFETCHED, true) : batches;
        ChannelsLastTraining steps = ChannelsLastTraining.of(net);
        double lossSum = 0;
        long seen = 0;
        int iteration = 0;
        try (ProgressBar bar = progressBar(epoch, batches.size())) {
            while (iterator.hasNext()) {
                DataSet batch = iterator.next();
                int n = batch.numExamples();
                steps.fit(batch);
                lossSum += net.score() * n;
                seen += n;
                bar.stepBy(n);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", lossSum / seen));
                if (runtime.collectAfter(++iteration)) {
                    System.gc(); // frees native buffers of dead arrays, which ND4J only releases on GC
                }
            }
        } finally {
            if (iterator instanceof AsyncDataSetIterator async) {
                async.shutdown();
            }
        }
        net.incrementEpochCount();
        return lossSum / Math.max(1, seen);
    }

    private ProgressBar progressBar(int epoch, int images) {
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(images).setUnit(" img", 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(2000).continuousUpdate().build();
    }
}
