package dev.ferstream.model.acceleration;

import dev.ferstream.model.Hw3CnnFixture;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The forward cache must remove the second forward convolution per training step and change no result. */
class ForwardCacheTest {
    /** Wraps the first conv layer's oneDNN helper so that forward convolutions can be counted. */
    private static AtomicInteger countForwardConvolutions(MultiLayerNetwork net) throws ReflectiveOperationException {
        ConvolutionLayer conv = assertInstanceOf(ConvolutionLayer.class, net.getLayer(0));
        Field field = ConvolutionLayer.class.getDeclaredField("helper");
        field.setAccessible(true);
        ConvolutionHelper helper = (ConvolutionHelper) field.get(conv);
        AtomicInteger calls = new AtomicInteger();
        field.set(conv, Proxy.newProxyInstance(ConvolutionHelper.class.getClassLoader(),
                new Class<?>[]{ConvolutionHelper.class}, (proxy, method, args) -> {
                    if (method.getName().equals("preOutput")) {
                        calls.incrementAndGet();
                    }
                    try {
                        return method.invoke(helper, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        return calls;
    }

    @Test
    void oneForwardConvolutionPerTrainingStepWithTheCache() throws Exception {
        MultiLayerNetwork plain = Hw3CnnFixture.hw3Cnn();
        AtomicInteger plainCalls = countForwardConvolutions(plain);
        plain.fit(Hw3CnnFixture.BATCH);
        assertEquals(2, plainCalls.get(), "DL4J's default recomputes the forward pass in backprop");

        MultiLayerNetwork cached = ForwardCache.enable(Hw3CnnFixture.hw3Cnn());
        AtomicInteger cachedCalls = countForwardConvolutions(cached);
        cached.fit(Hw3CnnFixture.BATCH);
        assertEquals(1, cachedCalls.get());
    }

    @Test
    void cachedTrainingGivesTheSameParameters() {
        MultiLayerNetwork plain = Hw3CnnFixture.hw3Cnn();
        MultiLayerNetwork cached = ForwardCache.enable(Hw3CnnFixture.hw3Cnn());
        INDArray start = plain.params().dup();
        assertEquals(start, cached.params());
        for (MultiLayerNetwork net : new MultiLayerNetwork[]{plain, cached}) {
            Nd4j.getRandom().setSeed(11); // same dropout masks for both
            for (int i = 0; i < 3; i++) {
                net.fit(Hw3CnnFixture.BATCH);
            }
        }
        double moved = plain.params().sub(start).norm2Number().doubleValue();
        double apart = plain.params().sub(cached.params()).norm2Number().doubleValue();
        assertEquals(0, apart, moved * 1e-5, "parameters moved by " + moved);
    }
}
