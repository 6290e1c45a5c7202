package dev.ferstream.training.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferstream.eval.McNemar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code compare} on the shipped bundles and the first 300 faces of FER2013's test set (read-only shared data; the test
 * is skipped where it is absent). hw3-cnn gets 175 of them right and fer-cnn 195; they disagree on 50 faces, 15 won by
 * hw3-cnn and 35 by fer-cnn: one-sided exact p = 0.0033002 (Python, exact fractions: sum of C(50, i), i <= 15, / 2^50).
 */
class CompareCommandTest {
    static final Path HW3_CNN = Path.of("..", "models", "hw3-cnn");
    static final Path FER_CNN = Path.of("..", "models", "fer-cnn");

    static Path testCsv() {
        for (Path dir : new Path[]{Path.of("..", "..", "shared", "data", "fer2013"), Path.of("..", "data", "fer2013")}) {
            if (Files.isRegularFile(dir.resolve("test.csv.gz"))) {
                return dir.resolve("test.csv.gz");
            }
        }
        return null;
    }

    @Test
    void aBetterCandidateExitsZeroAndTheCountsAddUp(@TempDir Path tmp) throws Exception {
        Path data = testCsv();
        assumeTrue(data != null, "FER2013 test set not found");
        Path json = tmp.resolve("cmp.json");
        CliTest.Result r = CliTest.run("compare", "--model", HW3_CNN.toString(), "--model", FER_CNN.toString(),
                "--data", data.toString(), "--limit", "300", "--json", json.toString());
        assertEquals(CompareCommand.EXIT_B_BETTER, r.code(), r.err() + r.out());
        JsonNode c = new ObjectMapper().readTree(json.toFile());
        JsonNode t = c.get("table");
        long bothRight = t.get("both_right").asLong();
        long onlyA = t.get("only_a_right").asLong();
        long onlyB = t.get("only_b_right").asLong();
        long bothWrong = t.get("both_wrong").asLong();
        assertEquals(300, bothRight + onlyA + onlyB + bothWrong);
        assertEquals(300, c.get("faces").asLong());
        assertEquals((bothRight + onlyA) / 300.0, c.get("accuracy_a").asDouble(), 1e-12);
        assertEquals((bothRight + onlyB) / 300.0, c.get("accuracy_b").asDouble(), 1e-12);
        long support = 0;
        for (JsonNode row : c.get("per_class")) {
            support += row.get("support").asLong();
        }
        assertEquals(300, support);
        assertEquals(15, onlyA);
        assertEquals(35, onlyB);
        assertEquals(160, bothRight);
        assertEquals(0.003300223983405459, c.get("mcnemar").get("p_b_better").asDouble(), 1e-15);
        assertEquals(McNemar.exact(onlyA, onlyB).pTwoSided(), c.get("mcnemar").get("p_two_sided").asDouble());
        assertTrue(c.get("gate").get("b_better").asBoolean());
        assertTrue(r.out().contains("A right              160          15         175"), r.out());
        assertTrue(r.out().contains("McNemar exact test on 50 discordant faces (A only 15, B only 35)"), r.out());
        assertTrue(r.out().contains("decision: B is better at alpha 0.05 (gain +0.0667): exit 0"), r.out());
    }

    @Test
    void theChampionAgainstAWorseCandidateExitsOne() {
        Path data = testCsv();
        assumeTrue(data != null, "FER2013 test set not found");
        CliTest.Result r = CliTest.run("compare", "--model", FER_CNN.toString(), "--model", HW3_CNN.toString(),
                "--data", data.toString(), "--limit", "300");
        assertEquals(CompareCommand.EXIT_NOT_BETTER, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("McNemar exact test on 50 discordant faces (A only 35, B only 15)"), r.out());
        assertTrue(r.out().contains("decision: B is not better at alpha 0.05 (gain -0.0667, one-sided p 0.9987): exit 1"), r.out());
    }

    @Test
    void usageErrorsExitTwo() {
        CliTest.Result once = CliTest.run("compare", "--model", HW3_CNN.toString());
        assertEquals(2, once.code());
        assertTrue(once.err().contains("--model must be given exactly twice (A, then B), got 1"), once.err());
        CliTest.Result alpha = CliTest.run("compare", "--model", HW3_CNN.toString(), "--model", FER_CNN.toString(),
                "--alpha", "1.5");
        assertEquals(2, alpha.code());
        assertTrue(alpha.err().contains("--alpha must be in (0, 1), got 1.5"), alpha.err());
    }

    @Test
    void aMissingBundleIsOneLineAndExitTwo(@TempDir Path tmp) throws Exception {
        Path data = testCsv();
        assumeTrue(data != null, "FER2013 test set not found");
        CliTest.Result r = CliTest.run("compare", "--model", HW3_CNN.toString(), "--model", tmp.resolve("nope").toString(),
                "--data", data.toString(), "--limit", "10");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ferstream compare: error: "), r.err());
        assertTrue(r.err().contains("nope"), r.err());
    }
}
