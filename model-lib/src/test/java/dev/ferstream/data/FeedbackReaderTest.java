package dev.ferstream.data;

import dev.ferstream.avro.FeedbackFiles;
import dev.ferstream.avro.FeedbackRecord;
import dev.ferstream.avro.GroundTruth;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackReaderTest {
    /** 2026-12-03T17:00:00Z. */
    private static final long T17 = Instant.parse("2026-12-03T17:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void readsAStoreWithTrueLabelsInBucketOrderAndSkipsInProgressFiles() throws Exception {
        Path store = store();
        FaceData data = FaceReader.read(store, ReadOptions.strict());
        assertEquals(DataLayout.FEEDBACK, data.format());
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4", "f5"), ids(data));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), data.faces().stream().map(Face::label).toList()); // true, not predicted
        assertArrayEquals(TestFaces.pixels(4), data.faces().get(4).pixels());
        assertEquals(List.of(), data.skipped());
    }

    @Test
    void sinceAndUntilFilterOnTruthTimeHalfOpen() throws Exception {
        Path store = store();
        assertEquals(List.of("f2", "f3", "f4", "f5"), ids(read(store, "2026-12-03T17:30:00Z", null)));
        assertEquals(List.of("f0", "f1", "f2"), ids(read(store, null, "2026-12-03T18:00:00Z")));
        assertEquals(List.of("f2"), ids(read(store, "2026-12-03T17:30:00Z", "2026-12-03T18:00:00Z")));
        assertEquals(List.of("f5"), ids(read(store, "2026-12-04", null))); // a date is its 00:00 UTC
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), ids(read(store, null, "2026-12-04")));
        DataFormatException none = assertThrows(DataFormatException.class, () -> read(store, "2027-01-01", null));
        assertEquals(store + ": no feedback faces with truth time in [2027-01-01T00:00:00Z, +inf) (0 committed part file(s))",
                none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> read(store, "yesterday", null));
        assertEquals("--since 'yesterday' is neither an ISO-8601 instant (e.g. 2026-12-03T17:00:00Z) nor a date (e.g. 2026-12-03)",
                bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read(store, "2026-12-04", "2026-12-03"));
    }

    @Test
    void readsASingleFileByItsMagicWhateverItsName() throws Exception {
        Path file = dir.resolve("export.bin");
        write(file, record(0, T17, T17 + MINUTE), record(1, T17, T17 + 2 * MINUTE));
        FaceData data = FaceReader.read(file, ReadOptions.strict());
        assertEquals(DataLayout.FEEDBACK, data.format());
        assertEquals(List.of("f0", "f1"), ids(data));
    }

    @Test
    void aTruncatedFileIsOneLineNamingItOrSkippedWithSkipBad() throws Exception {
        Path store = store();
        Path part = store.resolve("dt=2026-12-03/hour=17/part-0-0.avro");
        byte[] whole = Files.readAllBytes(part);
        Files.write(part, Arrays.copyOf(whole, whole.length - 100));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(store, ReadOptions.strict()));
        assertTrue(e.getMessage().startsWith(part + ": truncated or corrupt after 0 record(s) ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(") (use --skip-bad to skip it)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());

        FaceData skipping = FaceReader.read(store, new ReadOptions(true, null));
        assertEquals(List.of("f2", "f3", "f4", "f5"), ids(skipping)); // the other part files
        assertEquals(1, skipping.skipped().size());
        assertTrue(skipping.skipped().get(0).problem().startsWith(part + ": truncated or corrupt"));
    }

    @Test
    void aForeignAvroFileOrATextFileNamedAvroIsNamed() throws Exception {
        Path foreign = dir.resolve("labels.avro");
        try (OutputStream out = Files.newOutputStream(foreign);
             DataFileWriter<GroundTruth> w = new DataFileWriter<>(new SpecificDatumWriter<>(GroundTruth.class))
                     .create(GroundTruth.getClassSchema(), out)) {
            w.append(GroundTruth.newBuilder().setId("x").setLabel(1).setEventTime(Instant.ofEpochMilli(T17)).build());
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(foreign, ReadOptions.strict()));
        assertEquals(foreign + ": an Avro file of dev.ferstream.avro.GroundTruth records, not dev.ferstream.avro.FeedbackRecord"
                + " (use --skip-bad to skip it)", e.getMessage());

        Path text = TestFaces.write(dir.resolve("faces.avro"), "label,feature\n", false);
        DataFormatException t = assertThrows(DataFormatException.class, () -> FaceReader.read(text, ReadOptions.strict()));
        assertTrue(t.getMessage().startsWith(text + ": not a readable Avro container file ("), t.getMessage());
    }

    @Test
    void aBadRecordIsNamedByNumberAndId() throws Exception {
        Path file = dir.resolve("bad.avro");
        FeedbackRecord small = record(1, T17, T17 + MINUTE);
        small.setPixels(ByteBuffer.wrap(new byte[10]));
        write(file, record(0, T17, T17 + MINUTE), small);
        DataFormatException e = assertThrows(DataFormatException.class, () -> FaceReader.read(file, ReadOptions.strict()));
        assertEquals(file + ": record 2 (id f1): a face has 2304 pixels, got 10 (use --skip-bad to skip it)", e.getMessage());
        assertEquals(List.of("f0"), ids(FaceReader.read(file, new ReadOptions(true, null))));
    }

    /**
     * Six faces over three hour buckets (truth at 17:10, 17:20, 17:50, 18:05, 23:59 on Dec 3, 00:30 on Dec 4), plus
     * what FileSink leaves beside committed files: an in-progress part and a pending one, both hidden.
     */
    private Path store() throws Exception {
        Path store = dir.resolve("feedback");
        long[] truths = {T17 + 10 * MINUTE, T17 + 20 * MINUTE, T17 + 50 * MINUTE, T17 + 65 * MINUTE,
                T17 + 419 * MINUTE, T17 + 450 * MINUTE};
        FeedbackRecord[] all = new FeedbackRecord[truths.length];
        for (int i = 0; i < truths.length; i++) {
            all[i] = record(i, truths[i] - 2000, truths[i]);
        }
        write(bucket(store, truths[0]).resolve("part-0-0.avro"), all[0], all[1]);
        write(bucket(store, truths[2]).resolve("part-1-0.avro"), all[2]);
        write(bucket(store, truths[3]).resolve("part-0-1.avro"), all[3]);
        write(bucket(store, truths[4]).resolve("part-0-2.avro"), all[4]);
        write(bucket(store, truths[5]).resolve("part-0-3.avro"), all[5]);
        write(bucket(store, truths[5]).resolve(".part-0-4.avro.inprogress.1234"), record(9, T17, truths[5]));
        write(bucket(store, truths[5]).resolve(".part-0-5.avro"), record(8, T17, truths[5]));
        return store;
    }

    private static Path bucket(Path store, long truthTime) throws Exception {
        return Files.createDirectories(store.resolve(FeedbackFiles.bucket(truthTime)));
    }

    private static FeedbackRecord record(int i, long faceTime, long truthTime) {
        return FeedbackRecord.newBuilder().setId("f" + i).setPixels(ByteBuffer.wrap(TestFaces.pixels(i)))
                .setTrueLabel(i % 7).setPredictedLabel((i + 1) % 7)
                .setProbabilities(List.of(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.4f)).setModelName("tiny")
                .setModelVersion("tiny/v1").setFaceTime(Instant.ofEpochMilli(faceTime))
                .setTruthTime(Instant.ofEpochMilli(truthTime)).build();
    }

    private static void write(Path file, FeedbackRecord... records) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); DataFileWriter<FeedbackRecord> w = FeedbackFiles.create(out)) {
            for (FeedbackRecord r : records) {
                w.append(r);
            }
        }
    }

    private static FaceData read(Path store, String since, String until) {
        return FaceReader.read(store, new ReadOptions(false, null, TimeRange.parse(since, until)));
    }

    private static List<String> ids(FaceData data) {
        return data.faces().stream().map(Face::id).toList();
    }
}
