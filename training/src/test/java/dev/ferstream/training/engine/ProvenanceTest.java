package dev.ferstream.training.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProvenanceTest {
    @Test
    void gitCommitIsTheCommitTheBuildSaw() throws Exception {
        String head = gitHead();
        assumeTrue(head != null, "not built from a git checkout");
        String recorded = Provenance.gitCommit();
        assertTrue(recorded.matches("[0-9a-f]{7,}(-dirty)?"), recorded);
        assertEquals(head, recorded.replace("-dirty", ""));
    }

    /** HEAD of the checkout the tests run in (the build's), or null without git. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=7", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
