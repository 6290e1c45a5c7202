package org.nd4j.nativeblas;

/**
 * Compatibility shim so that Deeplearning4j 1.0.0-M2.1 actually uses the oneDNN helpers it ships.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by reflection and calls {@code isUseMKLDNN()}; ND4J moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment} and renamed the method to
 * {@code isUseONEDNN()}. Without this class the lookup fails and every conv, pooling and batch-norm layer
 * silently falls back to the ~4x slower built-in implementation. This class restores the old name and delegates.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old environment facade, delegating to ND4J's current native environment. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }

        public void setUseMKLDNN(boolean useMkldnn) {
            org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().setUseONEDNN(useMkldnn);
        }
    }
}
