package dev.ferstream.model.arch;

import java.util.List;
import java.util.stream.Collectors;

/** The registry of architectures by name, used by the CLI and when a bundle is loaded. */
public final class Architectures {
    private static final List<Architecture> ALL = List.of(new Hw3Cnn(), new Hw3Dnn(), new FerCnn(), FerCnn.wide(), FerCnn.vgg());

    private Architectures() {
    }

    public static List<Architecture> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Architecture::name).toList();
    }

    /** The architecture with this name, or an error listing the known ones. */
    public static Architecture byName(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                        + ALL.stream().map(Architecture::name).collect(Collectors.joining(", "))));
    }
}
