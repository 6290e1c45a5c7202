package dev.ferstream.runtime;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.Properties;

/**
 * One place that prepares ND4J/DL4J for fast, bounded CPU work before any network is built.
 *
 * <p>Why: DL4J 1.0.0-M2.1 ships oneDNN but keeps its layer helpers disabled unless the system property
 * {@value #HELPERS_DISABLE_PROPERTY} is {@code false} (and the {@code org.nd4j.nativeblas.Nd4jCpu} shim in this
 * module is on the classpath). Every entry point (CLI, Flink function, tests, benchmarks) calls {@link #configure()}
 * first so no code path silently runs 4x slower.
 */
public final class NativeRuntime {
    /** DL4J's switch; it defaults to disabling all helpers. */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private NativeRuntime() {
    }

    /** Turns DL4J's oneDNN layer helpers on; idempotent and cheap after the first call. */
    public static void configure() {
        System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        useThisClassLoaderForDl4j();
        Nd4j.getEnvironment(); // forces backend load so failures surface here, not inside the first layer
    }

    /**
     * Points ND4J's class-loading helper at the class loader that loaded DL4J here. On a Flink cluster ND4J sits in
     * the TaskManager's lib/ (natives load once per JVM) and is shared by every job, while DL4J comes with each job's
     * jar: ND4J remembered the first job's loader, so the next job in the same TaskManager got that job's layer
     * helpers and failed with "MKLDNNConvHelper cannot be cast to LayerHelper" (seen on deploy/local's cluster).
     * Every network is built after this call in the same thread; two jobs opening at the same instant in one
     * TaskManager could still race, which a per-job (application mode) cluster avoids.
     */
    private static void useThisClassLoaderForDl4j() {
        ND4JClassLoading.setNd4jClassloaderFromClass(BaseMKLDNNHelper.class);
    }

    /** True when the native build has oneDNN and DL4J's layers will use it. */
    public static boolean oneDnnActive() {
        configure();
        return BaseMKLDNNHelper.mklDnnEnabled() && !Boolean.getBoolean(HELPERS_DISABLE_PROPERTY);
    }

    /** Caps the native library's own thread pool, e.g. to cores / parallel subtasks. */
    public static void maxThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        // setMaxThreads does not change libnd4j's pool (maxThreads() stays at OMP_NUM_THREADS), and oneDNN takes its
        // threads from OpenMP: cap OpenMP for the calling thread too, or two Flink subtasks with 2 threads each spin
        // 4 threads on 2 cores (measured, fer-vgg, 2 subtasks, loaded machine: 24.5 -> 30.3 faces/s; OMP=1: 32.6)
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /**
     * A one-line description for logs: backend, oneDNN state, threads (the cap set by {@link #maxThreads}; ND4J's
     * environment information has no {@code omp.threads} entry on this backend, so it printed "null").
     */
    public static String describe() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        return "backend=" + env.getProperty("backend") + " blas=" + env.getProperty("blas.vendor")
                + " oneDNN=" + (oneDnnActive() ? "on" : "OFF") + " threads=" + Nd4j.getEnvironment().maxMasterThreads();
    }
}
