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

    /** A file inside the data folder, or the path itself when it already names a file. */
    public static Path file(Path explicit, String defaultName) {
        Path dir = dataDir(explicit);
        return Files.isDirectory(dir) ? dir.resolve(defaultName) : dir;
    }
}
