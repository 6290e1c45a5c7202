package dev.ferstream.jobs.cli;

import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;
import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.demo.EmbeddedKafka;
import dev.ferstream.jobs.demo.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ferstream replay` into a (embedded) Kafka: every face and label arrives, labels after their faces. */
class ReplayCommandTest {
    @Test
    void producesFacesThenTheirLabels(@TempDir Path dir) throws Exception {
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), 12, 7);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of("cams", "truth"), 1);
            int exit = JobsCli.commandLine().execute("replay", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--data", data.toString(), "--rate", "100", "--label-delay", "300ms", "--encoding", "PNG",
                    "--faces-topic", "cams", "--labels-topic", "truth");
            assertEquals(0, exit);
            List<FaceImage> faces = TopicReader.readAll(kafka.bootstrapServers(), "cams", FaceImage.class);
            List<GroundTruth> labels = TopicReader.readAll(kafka.bootstrapServers(), "truth", GroundTruth.class);
            assertEquals(12, faces.size());
            assertEquals(12, labels.size());
            for (int i = 0; i < 12; i++) {
                assertEquals(faces.get(i).getId(), labels.get(i).getId());
                assertEquals(i % 7, labels.get(i).getLabel());
                assertEquals(300, labels.get(i).getEventTime().toEpochMilli() - faces.get(i).getEventTime().toEpochMilli());
                assertEquals(dev.ferstream.avro.ImageEncoding.PNG, faces.get(i).getEncoding());
            }
            assertEquals(10, faces.get(1).getEventTime().toEpochMilli() - faces.get(0).getEventTime().toEpochMilli(),
                    "100 faces/s");
        }
    }

    /** The CSV reader's error suggests --skip-bad; replay takes it and sends the good rows only. */
    @Test
    void skipBadSkipsTheMalformedRowTheErrorNames(@TempDir Path dir) throws Exception {
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), 6, 7);
        java.nio.file.Files.writeString(data, "3,1 2 3\n", java.nio.file.StandardOpenOption.APPEND);
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine strict = JobsCli.commandLine();
        strict.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, strict.execute("replay", "--bootstrap-servers", "127.0.0.1:1", "--data", data.toString()));
        org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains(":8: ")
                && err.toString().contains("(use --skip-bad to skip such rows)"), err.toString());

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of("faces", "labels"), 1);
            assertEquals(0, JobsCli.commandLine().execute("replay", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--data", data.toString(), "--rate", "0", "--label-delay", "10ms", "--skip-bad"));
            assertEquals(6, TopicReader.readAll(kafka.bootstrapServers(), "faces", FaceImage.class).size());
            assertEquals(6, TopicReader.readAll(kafka.bootstrapServers(), "labels", GroundTruth.class).size());
        }
    }

    /** --camera sends the shifted pixels (the same ones CameraShift gives offline for each id), labels unchanged. */
    @Test
    void cameraSendsTheShiftedPixelsOfEachFace(@TempDir Path dir) throws Exception {
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), 5, 3);
        List<Face> read = FaceReader.read(data, new ReadOptions(false, null)).faces();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(List.of("faces", "labels"), 1);
            assertEquals(0, JobsCli.commandLine().execute("replay", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--data", data.toString(), "--rate", "0", "--label-delay", "10ms", "--camera", "night"));
            List<FaceImage> faces = TopicReader.readAll(kafka.bootstrapServers(), "faces", FaceImage.class);
            List<GroundTruth> labels = TopicReader.readAll(kafka.bootstrapServers(), "labels", GroundTruth.class);
            assertEquals(5, faces.size());
            for (int i = 0; i < 5; i++) {
                Face original = read.get(i);
                byte[] sent = new byte[2304];
                faces.get(i).getImage().duplicate().get(sent);
                assertEquals(original.id(), faces.get(i).getId());
                assertArrayEquals(CameraShift.NIGHT.apply(original.pixels(), original.id()), sent);
                assertFalse(Arrays.equals(original.pixels(), sent), "face " + i + " was shifted");
                assertEquals(original.label(), labels.get(i).getLabel());
            }
        }
    }

    @Test
    void anUnknownCameraIsOneLineListingTheKnownOnes(@TempDir Path dir) throws Exception {
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), 2, 3);
        StringWriter err = new StringWriter();
        CommandLine cli = JobsCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("replay", "--bootstrap-servers", "127.0.0.1:1", "--data", data.toString(),
                "--camera", "fisheye"));
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.contains("unknown camera 'fisheye'; known: night, dusk"), err.toString());
    }
}
