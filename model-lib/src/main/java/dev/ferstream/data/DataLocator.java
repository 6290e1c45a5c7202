package dev.ferstream.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the FER2013 folder: an explicit path, else {@code data/fer2013/} in the project, else the shared copy
 * beside the project ({@code ../shared/data/fer2013/}).
 */
public final class DataLocator {
    public static final List<Path> DEFAULT_DIRS = List.of(Path.of("data", "fer2013"), Path.of("..", "shared", "data", "fer2013"));

    private DataLocator() {
    }

    /** The data folder to use; an explicit path wins, and a missing one is an error naming what was tried. */
    public static Path dataDir(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        for (Path candidate : DEFAULT_DIRS) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new DataFormatException(Path.of("data", "fer2013"), 0,
                "no data found; pass --data or put FER2013 in data/fer2013/ or ../shared/data/fer2013/");
    }

    /**
     * The file to read: {@code explicit} itself (a file, or an image-folder tree), or {@code defaultName} inside it
     * when it is a FER2013 folder holding that file, or {@code defaultName} in the default folder when not given.
     */
    public static Path file(Path explicit, String defaultName) {
        if (explicit != null) {
            Path inside = explicit.resolve(defaultName);
            return Files.isDirectory(explicit) && Files.isRegularFile(inside) ? inside : explicit;
        }
        return dataDir(null).resolve(defaultName);
    }
}
