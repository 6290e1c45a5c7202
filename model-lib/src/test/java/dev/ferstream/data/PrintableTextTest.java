package dev.ferstream.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrintableTextTest {
    @TempDir
    Path dir;

    @Test
    void escapesControlAndInvisibleCharactersAndKeepsTheRest() {
        assertEquals("a\\x1b[2Jb\\x00c\\x7f\\x85\\x9f", PrintableText.escape("a\u001b[2Jb\u0000c\u007f\u0085\u009f"));
        assertEquals("line\\nnext\\r\\tend", PrintableText.escape("line\nnext\r\tend"));
        assertEquals("\\ufffd\\u2028\\u200b\\ud800", PrintableText.escape("\uFFFD\u2028\u200B\uD800"));
        assertEquals("données/train.csv \uD83D\uDE00 \\x1b", PrintableText.escape("données/train.csv \uD83D\uDE00 \\x1b"),
                "letters, a surrogate pair and an escape already written stay as they are");
        String plain = "nothing to escape";
        assertEquals(plain, PrintableText.escape(plain));
        assertEquals("null", PrintableText.escape(null));
    }

    @Test
    void excerptsAreCutAndSayByHowMuch() {
        assertEquals("abc", PrintableText.excerpt("abc", 3));
        assertEquals("ab\\x01... (3 more characters)", PrintableText.excerpt("ab\u0001def", 3));
    }

    @Test
    void aBinaryFileGivesOnePrintableLine() throws Exception {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        bytes[0] = 0x1b; // ESC: no newline before it, so the whole header is binary
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = bytes[i] == '\n' || bytes[i] == '\r' ? 0x07 : bytes[i]; // one "line" of 4 KB
        }
        Path file = Files.write(dir.resolve("garbage.csv"), bytes);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(file, ReadOptions.strict()));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ":1: unknown header '\\x1b"), message);
        assertTrue(message.contains("... (4036 more characters)'; expected 'label,feature'"), message);
        assertPrintable(message);
        assertPrintable(e.problem());
    }

    @Test
    void skippedRowsQuotingBinaryInputArePrintable() throws Exception {
        String pixels = TestFaces.pixelText(TestFaces.pixels(1));
        Path file = Files.writeString(dir.resolve("rows.csv"),
                "label,feature\nx\u0007\u001by," + pixels + "\n3,1 \u0000\u001b 3\n", java.nio.charset.StandardCharsets.ISO_8859_1);
        FaceData data = FaceReader.read(file, new ReadOptions(true, null));
        assertEquals(2, data.skipped().size());
        assertEquals("label is not a number: 'x\\x07\\x1by'", data.skipped().get(0).problem());
        assertTrue(data.skipped().get(1).problem().startsWith("pixel 2 is not a number: '\\x00"), data.skipped().get(1).problem());
        for (BadRow row : data.skipped()) {
            assertPrintable(row.problem());
        }
    }

    /** No C0 control, DEL or C1 control. */
    static void assertPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertFalse(c < 0x20 || (c >= 0x7f && c <= 0x9f), "character " + (int) c + " at " + i + " in " + text);
        }
    }
}
