package dev.ferstream.runtime;

import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Hw3Cnn;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the 4x: fails if a dependency change (another native classifier, a DL4J upgrade, a lost shim or system
 * property) makes the conv, pooling and batch-norm layers fall back to DL4J's built-in implementations.
 */
class OneDnnActiveTest {
    @Test
    void nativeBuildHasOneDnnAndLayersUseItsHelpers() {
        NativeRuntime.configure();
        assertTrue(Nd4j.getExecutioner().getEnvironmentInformation().toString().contains("CPU"));
        assertTrue(NativeRuntime.oneDnnActive(), NativeRuntime.describe());
        MultiLayerNetwork net = new MultiLayerNetwork(new Hw3Cnn().configuration(ArchitectureOptions.defaults()));
        net.init();
        assertInstanceOf(MKLDNNConvHelper.class, net.getLayer(0).getHelper());
        assertInstanceOf(MKLDNNBatchNormHelper.class, net.getLayer(1).getHelper());
        assertInstanceOf(MKLDNNSubsamplingHelper.class, net.getLayer(2).getHelper());
    }
}
