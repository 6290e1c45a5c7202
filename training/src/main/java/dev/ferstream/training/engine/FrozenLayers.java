package dev.ferstream.training.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the layers from one index on at their weights while the ones before it learn: a fine-tune for a new camera
 * (contrast, blur, noise: a change in the low-level picture) adapts the first blocks and leaves the ones that decide
 * between emotions as the parent had them, so the faces the parent knew lose less. Gradients still flow through the
 * frozen layers to the ones that learn.
 *
 * <p>Why a listener that puts the weights back after every step, not a learning rate of 0 per layer: DL4J 1.0.0-M2.1
 * rebuilds the optimizer's state when one layer's rate changes, and that rebuild fails on a network with BatchNorm
 * (its running statistics have no optimizer state); a resumed run also sets the schedule on every layer again. The
 * copy costs one assign per frozen parameter per step. BatchNorm's running statistics are not weights: they keep
 * following the data, as the trainer's recalibration expects.
 */
final class FrozenLayers extends BaseTrainingListener {
    private static final Set<String> RUNNING_STATISTICS = Set.of("mean", "var", "log10stdev");

    private final List<INDArray> live = new ArrayList<>();
    private final List<INDArray> kept = new ArrayList<>();

    private FrozenLayers(MultiLayerNetwork net, int from) {
        for (int i = from; i < net.getnLayers(); i++) {
            for (Map.Entry<String, INDArray> param : net.getLayer(i).paramTable().entrySet()) {
                if (!RUNNING_STATISTICS.contains(param.getKey())) {
                    live.add(param.getValue());
                    kept.add(param.getValue().dup());
                }
            }
        }
    }

    /** {@code from} must name a layer after the first of a network of {@code layers} layers, or be 0. */
    static void check(int from, int layers) {
        Settings.require(from >= 0 && from < layers, "--freeze-from " + from + ": the network's layers are numbered 1-"
                + (layers - 1) + " after the first (see `ferstream summary`), or 0 for none");
    }

    /** Freezes layers {@code from}..last of {@code net} at their present weights; 0 leaves every layer learning. */
    static void apply(MultiLayerNetwork net, int from) {
        check(from, net.getnLayers());
        if (from > 0) {
            net.addListeners(new FrozenLayers(net, from));
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).assign(kept.get(i));
        }
    }
}
