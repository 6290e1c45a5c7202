package dev.ferstream.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --data} may name a file, an image-folder tree or a FER2013 folder. */
class DataLocatorTest {
    @Test
    void aFer2013FolderResolvesToTheFileTheCommandReads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train.csv.gz"), "");
        Files.writeString(dir.resolve("test.csv.gz"), "");
        assertEquals(dir.resolve("train.csv.gz"), DataLocator.file(dir, "train.csv.gz"));
        assertEquals(dir.resolve("test.csv.gz"), DataLocator.file(dir, "test.csv.gz"));
    }

    @Test
    void aFileOrAnImageTreeIsTakenAsItIs(@TempDir Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("faces"));
        Files.createDirectories(tree.resolve("happy"));
        assertEquals(tree, DataLocator.file(tree, "train.csv.gz"));
        Path file = Files.writeString(dir.resolve("mine.csv"), "");
        assertEquals(file, DataLocator.file(file, "train.csv.gz"));
    }
}
