package dev.ferstream.data;

import dev.ferstream.model.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsGzippedHomeworkCsvWithLabels() throws Exception {
        Path file = TestFaces.hw3Csv(dir, "train.csv.gz", 10, true);
        FaceData data = FaceReader.read(file, ReadOptions.strict());
        assertEquals(DataLayout.HW3_LABELLED, data.format());
        assertEquals(10, data.size());
        assertEquals(3, data.faces().get(3).label());
        assertArrayEquals(TestFaces.pixels(3), data.faces().get(3).pixels());
        assertEquals(5, data.faces().get(3).line());
    }

    @Test
    void readsIdFeatureFileAndAttachesLabels() throws Exception {
        String text = "id,feature\n7," + TestFaces.pixelText(TestFaces.pixels(1)) + "\n9," + TestFaces.pixelText(TestFaces.pixels(2)) + "\n";
        Path file = TestFaces.write(dir.resolve("test.csv"), text, false);
        Path labels = TestFaces.write(dir.resolve("labels.csv"), "id,label\n9,4\n7,2\n", false);
        FaceData data = FaceReader.read(file, ReadOptions.strict());
        assertEquals(DataLayout.HW3_IDS, data.format());
        assertFalse(data.allLabelled());
        FaceData labelled = data.withLabels(LabelFile.read(labels), labels);
        assertEquals("7", labelled.faces().get(0).id());
        assertEquals(2, labelled.faces().get(0).label());
        assertEquals(4, labelled.faces().get(1).label());
    }

    @Test
    void missingLabelForAnIdIsNamed() throws Exception {
        Path file = TestFaces.write(dir.resolve("test.csv"), "id,feature\n7," + TestFaces.pixelText(TestFaces.pixels(1)) + "\n", false);
        Path labels = TestFaces.write(dir.resolve("labels.csv"), "id,label\n8,1\n", false);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> FaceReader.read(file, ReadOptions.strict()).withLabels(LabelFile.read(labels), labels));
        assertTrue(e.getMessage().contains("no label for id 7"), e.getMessage());
    }

    @Test
    void readsKaggleCsvWithUsageFilter() throws Exception {
        String p = TestFaces.pixelText(TestFaces.pixels(5));
        String text = "emotion,pixels,Usage\n0,\"" + p + "\",Training\n3," + p + ",PublicTest\n6," + p + ",PrivateTest\n";
        Path file = TestFaces.write(dir.resolve("fer2013.csv"), text, false);
        assertEquals(3, FaceReader.read(file, ReadOptions.strict()).size());
        FaceData priv = FaceReader.read(file, new ReadOptions(false, "PrivateTest"));
        assertEquals(DataLayout.KAGGLE, priv.format());
        assertEquals(1, priv.size());
        assertEquals(6, priv.faces().get(0).label());
        assertArrayEquals(TestFaces.pixels(5), priv.faces().get(0).pixels());
    }

    @Test
    void readsImageFolderTreeAndResizes() throws Exception {
        Path happy = Files.createDirectories(dir.resolve("train").resolve("happy"));
        Path sad = Files.createDirectories(dir.resolve("train").resolve("Sad"));
        Files.write(happy.resolve("a.png"), ImageDecoding.encodePng(TestFaces.pixels(1)));
        BufferedImage big = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(big, "jpg", sad.resolve("b.jpg").toFile());
        FaceData data = FaceReader.read(dir, new ReadOptions(false, "train"));
        assertEquals(DataLayout.IMAGE_FOLDERS, data.format());
        assertEquals(2, data.size());
        assertEquals(Emotion.HAPPY.index(), data.faces().get(0).label());
        assertArrayEquals(TestFaces.pixels(1), data.faces().get(0).pixels());
        assertEquals(Emotion.SAD.index(), data.faces().get(1).label());
    }

    @Test
    void folderWithoutEmotionFoldersIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("cats"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(dir, ReadOptions.strict()));
        assertTrue(e.getMessage().contains("no emotion folders"), e.getMessage());
    }

    @Test
    void unknownHeaderIsNamed() throws Exception {
        Path file = TestFaces.write(dir.resolve("x.csv"), "a,b\n1,2\n", false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(file, ReadOptions.strict()));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("unknown header 'a,b'"), e.getMessage());
    }

    @Test
    void eachKindOfBadRowNamesFileLineAndProblem() throws Exception {
        String good = TestFaces.pixelText(TestFaces.pixels(1));
        Map<String, String> rows = Map.of(
                "3," + good.substring(0, good.lastIndexOf(' ')), "pixel count is 2303, expected 2304",
                "3," + good.replaceFirst("^\\d+", "256"), "outside 0..255",
                "3," + good.replaceFirst("^\\d+", "12a"), "not a number: '12a'",
                "7," + good, "label 7 is outside 0..6",
                "x," + good, "label is not a number: 'x'",
                "3", "expected 2 or 3 comma-separated fields");
        for (Map.Entry<String, String> row : rows.entrySet()) {
            Path file = TestFaces.write(dir.resolve("bad.csv"), "label,feature\n0," + good + "\n" + row.getKey() + "\n", false);
            DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(file, ReadOptions.strict()));
            assertEquals(3, e.line(), row.getValue());
            assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
            assertTrue(e.getMessage().contains(row.getValue()), e.getMessage());
        }
    }

    @Test
    void skipBadSkipsAndReportsLines() throws Exception {
        String good = TestFaces.pixelText(TestFaces.pixels(1));
        String text = "label,feature\n0," + good + "\n9," + good + "\n1," + good + "\n2,1 2 3\n";
        Path file = TestFaces.write(dir.resolve("bad.csv.gz"), text, true);
        FaceData data = FaceReader.read(file, new ReadOptions(true, null));
        assertEquals(2, data.size());
        assertEquals(2, data.skipped().size());
        assertEquals(3, data.skipped().get(0).line());
        assertEquals(5, data.skipped().get(1).line());
        assertTrue(data.skippedSummary().contains("skipped 2 bad row(s)"));
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(missing, ReadOptions.strict()));
        assertTrue(e.getMessage().contains("nope.csv") && e.getMessage().contains("no such file"), e.getMessage());
    }
}
