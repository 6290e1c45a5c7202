package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.Delivery;
import dev.ferstream.jobs.JobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster entry point (FerstreamJob.main) parses its arguments with the run command's picocli options. */
class RunCommandTest {
    @Test
    void everyOverrideSpellingTheDeployFilesUse(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("job.properties"), "window.size=2m\nsink.delivery=at-least-once\n");
        // docker-compose: --set first (Flink's entrypoint parser would take -D and --config), then --config
        JobConfig compose = RunCommand.parse("--set", "model.path=/opt/ferstream/models/fer-vgg", "--config", file.toString());
        assertEquals("/opt/ferstream/models/fer-vgg", compose.model().path());
        assertEquals(Duration.ofMinutes(2), compose.eventTime().windowSize());
        assertEquals(Delivery.AT_LEAST_ONCE, compose.delivery().guarantee());
        // kubernetes: -Dkey=value; the CLI's subcommand name in front is accepted too
        JobConfig k8s = RunCommand.parse("run", "-Dbootstrap.servers=kafka:9092", "-Dparallelism=8", "-D", "batch.size=32");
        assertEquals("kafka:9092", k8s.kafka().bootstrapServers());
        assertEquals(8, k8s.parallelism());
        assertEquals(32, k8s.batching().size());
        assertEquals(JobConfig.DEFAULTS.eventTime(), k8s.eventTime());
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        String unknownOption = assertThrows(IllegalArgumentException.class, () -> RunCommand.parse("--windw", "1m")).getMessage();
        assertTrue(unknownOption.startsWith("Unknown options: '--windw', '1m'") && unknownOption.contains("usage: [run] [--config FILE]"),
                unknownOption);
        assertEquals("unknown job config key(s) [windw.size]; known: " + JobConfig.KEYS,
                assertThrows(IllegalArgumentException.class, () -> RunCommand.parse("-Dwindw.size=1m")).getMessage());
    }
}
