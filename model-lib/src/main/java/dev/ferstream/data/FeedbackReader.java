package dev.ferstream.data;

import dev.ferstream.avro.FeedbackRecord;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The streaming job's feedback store: Avro container files of {@link FeedbackRecord} in
 * {@code dt=YYYY-MM-DD/hour=HH/} folders (UTC, by truth time), or one such file. Faces come with their TRUE labels,
 * so evaluate, train and compare work on what the stream saw.
 *
 * <p>Files whose names start with {@code .} or {@code _}, or that contain {@code .inprogress}, are skipped: that is how
 * Flink's FileSink names part files whose checkpoint has not completed, and reading them would count faces the job
 * may still write again after a failure. Buckets wholly outside {@link ReadOptions#truthTime()} are not opened.
 */
final class FeedbackReader {
    private static final byte[] MAGIC = {'O', 'b', 'j', 1};
    private static final String SCHEMA = FeedbackRecord.getClassSchema().getFullName();
    private static final long HOUR_MS = 3_600_000L;

    private FeedbackReader() {
    }

    /** A folder with {@code dt=*} sub-folders. */
    static boolean isStore(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("dt="));
        } catch (IOException e) {
            throw FaceReader.unchecked(dir, e);
        }
    }

    /** A file named {@code *.avro} or starting with Avro's container magic. */
    static boolean isAvroFile(Path file) {
        if (file.getFileName().toString().endsWith(".avro")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false; // the text readers report why it cannot be read
        }
    }

    static FaceData read(Path source, ReadOptions options) {
        if (options.usage() != null) {
            throw new DataFormatException(source, 0, "--usage selects Kaggle rows or a split folder; "
                    + "this is a feedback store (use --since/--until)");
        }
        List<Path> files = Files.isDirectory(source) ? partFiles(source, options.truthTime()) : List.of(source);
        List<Face> faces = new ArrayList<>();
        List<BadRow> skipped = new ArrayList<>();
        for (Path file : files) {
            readFile(file, options, faces, skipped);
        }
        if (faces.isEmpty() && skipped.isEmpty()) {
            throw new DataFormatException(source, 0, "no feedback faces" + (options.truthTime().unbounded() ? ""
                    : " with truth time in " + options.truthTime()) + " (" + files.size() + " committed part file(s))");
        }
        return new FaceData(source, DataLayout.FEEDBACK, faces, skipped);
    }

    /** Committed part files under {@code dt=*}/{@code hour=*}/, in bucket and name order. */
    private static List<Path> partFiles(Path root, TimeRange range) {
        List<Path> files = new ArrayList<>();
        for (Path day : children(root, "dt=")) {
            for (Path hour : children(day, "hour=")) {
                if (inRange(day, hour, range)) {
                    children(hour, "").stream().filter(FeedbackReader::committed).forEach(files::add);
                }
            }
        }
        return files;
    }

    private static List<Path> children(Path dir, String prefix) {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> prefix.isEmpty() ? Files.isRegularFile(p) : Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw FaceReader.unchecked(dir, e);
        }
    }

    /** FileSink's pending and in-progress files are hidden ({@code .part-...inprogress...}); Hadoop's start with _. */
    static boolean committed(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.startsWith("_") && !name.contains(".inprogress") && name.endsWith(".avro");
    }

    /** Whether the bucket's hour can hold faces of the range; a folder name that does not parse is read. */
    private static boolean inRange(Path day, Path hour, TimeRange range) {
        if (range.unbounded()) {
            return true;
        }
        try {
            long start = LocalDate.parse(day.getFileName().toString().substring(3)).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toEpochMilli() + Integer.parseInt(hour.getFileName().toString().substring(5)) * HOUR_MS;
            return range.overlaps(start, start + HOUR_MS);
        } catch (DateTimeParseException | NumberFormatException e) {
            return true;
        }
    }

    private static void readFile(Path file, ReadOptions options, List<Face> faces, List<BadRow> skipped) {
        DataFileReader<FeedbackRecord> in;
        try {
            in = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(FeedbackRecord.class));
        } catch (IOException | AvroRuntimeException e) {
            bad(file, 1, "not a readable Avro container file (" + cause(e) + ")", options, skipped);
            return;
        }
        long records = 0;
        try (in) {
            String schema = in.getSchema().getFullName();
            if (!schema.equals(SCHEMA)) {
                bad(file, 1, "an Avro file of " + schema + " records, not " + SCHEMA, options, skipped);
                return;
            }
            FeedbackRecord r = null;
            while (in.hasNext()) {
                r = in.next(r);
                records++;
                if (options.truthTime().contains(r.getTruthTime().toEpochMilli())) {
                    Face face = face(file, records, r, options, skipped);
                    if (face != null) {
                        faces.add(face);
                    }
                }
            }
            // Avro's reader ends quietly at an EOF inside a block; a whole file ends just after a block's sync marker
            if (in.previousSync() != Files.size(file)) {
                throw new IOException("the file ends inside a block, at byte " + Files.size(file));
            }
        } catch (IOException | AvroRuntimeException e) {
            bad(file, records + 1, "truncated or corrupt after " + records + " record(s) (" + cause(e) + ")", options, skipped);
        }
    }

    private static Face face(Path file, long record, FeedbackRecord r, ReadOptions options, List<BadRow> skipped) {
        try {
            ByteBuffer buffer = r.getPixels();
            byte[] pixels = new byte[buffer.remaining()];
            buffer.get(pixels);
            return new Face(r.getId(), pixels, r.getTrueLabel(), 0);
        } catch (IllegalArgumentException e) {
            bad(file, record, "record " + record + " (id " + r.getId() + "): " + e.getMessage(), options, skipped);
            return null;
        }
    }

    /** Fails with one line naming the file, or under --skip-bad records what was skipped. */
    private static void bad(Path file, long record, String problem, ReadOptions options, List<BadRow> skipped) {
        if (!options.skipBad()) {
            throw new DataFormatException(file, 0, problem + " (use --skip-bad to skip it)");
        }
        skipped.add(new BadRow(record, file + ": " + problem));
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
