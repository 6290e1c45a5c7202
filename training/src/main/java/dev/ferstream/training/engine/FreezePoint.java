package dev.ferstream.training.engine;

import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

import java.util.Locale;

/**
 * Where {@code --freeze-from} starts ({@link FrozenLayers}), by name or number. {@code last-stage} is the layer after
 * the network's last pooling: its last convolution stage and the classifier head keep their weights while the stages
 * before them learn; a network without pooling (hw3-dnn) has no stages, and nothing is frozen. Named so a fine-tune's
 * default means the same part of every architecture.
 */
public final class FreezePoint {
    public static final String NONE = "none";
    public static final String LAST_STAGE = "last-stage";

    private FreezePoint() {
    }

    /** The first frozen layer of {@code architecture} for {@code spec} (none, last-stage or a layer number); 0 = none. */
    public static int resolve(String spec, String architecture) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals(NONE)) {
            return 0;
        }
        if (s.equals(LAST_STAGE)) {
            return afterLastPooling(architecture);
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--freeze-from must be none, last-stage or a layer number (see `ferstream"
                    + " summary`), got '" + spec + "'");
        }
    }

    private static int afterLastPooling(String architecture) {
        MultiLayerConfiguration conf = Architectures.byName(architecture).configuration(ArchitectureOptions.defaults());
        for (int i = conf.getConfs().size() - 1; i >= 0; i--) {
            if (conf.getConf(i).getLayer() instanceof SubsamplingLayer) {
                return i + 1;
            }
        }
        return 0;
    }
}
