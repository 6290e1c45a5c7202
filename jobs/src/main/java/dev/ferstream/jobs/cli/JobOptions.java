package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.JobConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Job configuration flags shared by run and demo: a properties file and key=value overrides (a picocli mixin). */
final class JobOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "job properties file (keys: see docs/streaming.md)")
    Path file;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "override one job config key, e.g. -D window.size=10m")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** File and -D overrides over the given base config (the job's defaults, or a command's own choices). */
    JobConfig config(JobConfig base) {
        return file == null && overrides.isEmpty() ? base : JobConfig.parse(base, file, overrides);
    }
}
