package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees from a short demo (real embedded broker, MiniCluster, the CLI's own logging configuration): no
 * stack trace, no WARN line, no escape codes when the output is not a terminal, progress in faces and labels, and the
 * final window's matrix in the summary. Runs the CLI in a child JVM, as the launcher does, so the log configuration
 * and both output streams are exactly a user's. The data has one bad row, read with --skip-bad.
 */
class DemoLogTest {
    @Test
    void aNormalRunPrintsNoStackTraceAndNoWarning(@TempDir Path dir) throws Exception {
        Path model = TinyModel.save(dir.resolve("tiny"));
        Path data = TinyModel.writeCsv(dir.resolve("faces.csv"), 30, 2000);
        Files.writeString(data, "3,1 2 3\n", StandardOpenOption.APPEND);

        Run run = demo(dir, "--model", model.toString(), "--data", data.toString(), "--skip-bad",
                "--rate", "0", "--label-delay", "200ms", "--late-fraction", "0.25", "--malformed", "2",
                "--parallelism", "1", "--prometheus-port", "9264", "--web-port", "0",
                "-D", "truth.max-delay=1s", "-D", "truth.late-retention=1s");

        assertEquals(0, run.exit(), run.output());
        List<String> lines = run.output().lines().toList();
        for (String line : lines) {
            assertTrue(!line.startsWith("\tat ") && !line.contains("Exception"), "stack trace: " + line);
            assertTrue(!line.matches("^\\d\\d:\\d\\d:\\d\\d WARN .*"), "warning: " + line);
            assertTrue(line.indexOf('\033') < 0, "escape code: " + line);
            assertTrue(!line.contains("=null") && !line.startsWith("Bootstrap metadata"), "noise: " + line);
        }
        assertTrue(lines.contains(data + ": skipped 1 bad row(s):"), run.output());
        assertTrue(lines.stream().anyMatch(l -> l.matches("sent 32/32 faces, 32/32 labels; 30 predictions committed, .*")),
                run.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("final window ")), run.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("true\\pred")), "the final window's 7x7 matrix: " + run.output());
        assertTrue(lines.contains("summary"), run.output());
    }

    private record Run(int exit, String output) {
    }

    /** {@code ferstream demo ARGS} in a child JVM with the launcher's JVM flags, stdout and stderr together. */
    private static Run demo(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dorg.eclipse.deeplearning4j.helpers.disable=false", "-Djava.awt.headless=true",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), JobsCli.class.getName(), "demo"));
        command.addAll(List.of(args));
        Path log = dir.resolve("demo.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("demo did not finish in 240 s:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
