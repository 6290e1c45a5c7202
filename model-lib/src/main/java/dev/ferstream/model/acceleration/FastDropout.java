package dev.ferstream.model.acceleration;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Gives each plain {@link Dropout} of a network (a dropout layer's, or a layer's input dropout) a
 * {@link FastDropoutHelper}.
 *
 * <p>Why reflection: DL4J's {@code Dropout} looks for a helper by a fixed class name (cuDNN's) and keeps it in private
 * fields, with no hook to supply another. Only dropout with a fixed probability is given one: DL4J hands its helper
 * the fixed {@code p}, not a schedule's current value. The helper is transient: a saved and reloaded network trains
 * with DL4J's own dropout until this is applied again.
 */
public final class FastDropout {
    private FastDropout() {
    }

    /** Sets the helper of each fixed-probability {@code Dropout} (once); returns how many now use it. */
    public static int install(MultiLayerNetwork net) {
        int parallelism = TrainingAcceleration.parallelism();
        int fast = 0;
        for (NeuralNetConfiguration conf : net.getLayerWiseConfigurations().getConfs()) {
            IDropout dropout = conf.getLayer().getIDropout();
            if (dropout == null || dropout.getClass() != Dropout.class || ((Dropout) dropout).getPSchedule() != null) {
                continue;
            }
            try {
                if (!(field("helper").get(dropout) instanceof FastDropoutHelper)) {
                    field("helper").set(dropout, new FastDropoutHelper(parallelism));
                    field("initializedHelper").setBoolean(dropout, true); // else DL4J looks for cuDNN's and drops it
                }
                fast++;
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot reach DL4J's Dropout helper fields", e);
            }
        }
        return fast;
    }

    private static Field field(String name) {
        try {
            Field field = Dropout.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's Dropout has no '" + name + "' field: a DL4J version other than "
                    + "1.0.0-M2.1 needs FastDropout revisited", e);
        }
    }
}
