package dev.ferstream.jobs.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (where docker-compose.yml lives), found upwards from the test's working directory (jobs/). */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker-compose.yml + deploy/ above " + dir);
    }
}
