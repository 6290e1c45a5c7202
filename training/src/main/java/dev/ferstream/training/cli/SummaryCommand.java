package dev.ferstream.training.cli;

import dev.ferstream.model.arch.Architecture;
import dev.ferstream.model.arch.ArchitectureOptions;
import dev.ferstream.model.arch.Architectures;
import dev.ferstream.model.arch.ModelSummary;
import dev.ferstream.runtime.NativeRuntime;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ferstream summary}: the Keras-style layer table of an architecture. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print an architecture's layers, output shapes and parameter counts (Keras' terms).")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--arch", required = true, description = "architecture: ${COMPLETION-CANDIDATES}", completionCandidates = ArchNames.class)
    String arch;

    @Override
    public Integer call() {
        NativeRuntime.configure();
        Architecture architecture = Architectures.byName(arch);
        MultiLayerNetwork net = new MultiLayerNetwork(architecture.configuration(ArchitectureOptions.defaults()));
        net.init();
        System.out.print(ModelSummary.of(architecture, net).format());
        return 0;
    }

    /** Architecture names for help and completion. */
    static final class ArchNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Architectures.names().iterator();
        }
    }
}
