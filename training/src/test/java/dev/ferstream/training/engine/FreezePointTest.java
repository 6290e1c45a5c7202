package dev.ferstream.training.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** --freeze-from by name: last-stage is the layer after the last pooling (`ferstream summary` numbers). */
class FreezePointTest {
    @Test
    void lastStageIsTheLayerAfterTheLastPooling() {
        assertEquals(21, FreezePoint.resolve("last-stage", "fer-vgg")); // convolutionlayer_21, 512 filters
        assertEquals(11, FreezePoint.resolve("last-stage", "hw3-cnn")); // after subsamplinglayer_10: dropout, dense head
        assertEquals(0, FreezePoint.resolve("last-stage", "hw3-dnn")); // no pooling, no stages: nothing frozen
    }

    @Test
    void numbersAndNoneAndBadNames() {
        assertEquals(14, FreezePoint.resolve("14", "fer-vgg"));
        assertEquals(0, FreezePoint.resolve("none", "fer-vgg"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FreezePoint.resolve("head", "fer-vgg"));
        assertEquals("--freeze-from must be none, last-stage or a layer number (see `ferstream summary`), got 'head'",
                e.getMessage());
    }
}
