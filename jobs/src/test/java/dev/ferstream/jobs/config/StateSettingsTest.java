package dev.ferstream.jobs.config;

import dev.ferstream.jobs.JobConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state keys of {@link DeliverySettings}: defaults, accepted spellings, and one-line errors for bad values. */
class StateSettingsTest {
    private static String error(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> JobConfig.defaultsWith(Map.of(key, value))).getMessage();
    }

    @Test
    void defaultsKeepStateInMemoryAndLeaveTheBackendToFlink() {
        DeliverySettings d = JobConfig.DEFAULTS.delivery();
        assertEquals("", d.checkpointDir());
        assertEquals(3, d.retainedCheckpoints());
        assertEquals("", d.stateBackend());
        assertEquals("", d.savepointDir());
        assertEquals(false, d.durable());
        assertEquals("", d.effectiveSavepointDir());
        assertTrue(JobConfig.KEYS.containsAll(List.of("checkpoint.dir", "checkpoint.retained", "state.backend", "savepoint.dir")));
    }

    @Test
    void directoriesAreUrisOrAbsolutePathsAndSavepointsDefaultUnderCheckpoints() {
        JobConfig c = JobConfig.defaultsWith(Map.of("checkpoint.dir", "file:///tmp/ferstream/checkpoints/",
                "checkpoint.retained", "5", "state.backend", "RocksDB"));
        assertEquals("file:///tmp/ferstream/checkpoints/", c.delivery().checkpointDir());
        assertEquals("file:///tmp/ferstream/checkpoints/savepoints", c.delivery().effectiveSavepointDir());
        assertEquals(5, c.delivery().retainedCheckpoints());
        assertEquals("rocksdb", c.delivery().stateBackend());
        assertEquals(c, JobConfig.fromMap(c.toMap()));
        assertEquals("s3://bucket/sp", JobConfig.defaultsWith(Map.of("checkpoint.dir", "s3://bucket/chk",
                "savepoint.dir", "s3://bucket/sp")).delivery().effectiveSavepointDir());
        assertEquals("/var/lib/ferstream", JobConfig.defaultsWith(Map.of("checkpoint.dir", "/var/lib/ferstream")).delivery().checkpointDir());
        assertEquals(JobConfig.DEFAULTS.delivery(), new DeliverySettings(JobConfig.DEFAULTS.delivery().guarantee(), "ferstream",
                JobConfig.DEFAULTS.delivery().transactionTimeout(), JobConfig.DEFAULTS.delivery().checkpointInterval()));
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheKey() {
        assertEquals("job config: checkpoint.dir = 'target/chk' is not a filesystem URI such as "
                + "file:///var/lib/ferstream/checkpoints or s3://bucket/checkpoints (or an absolute path)",
                error("checkpoint.dir", "target/chk"));
        assertTrue(error("savepoint.dir", "file:relative").startsWith("job config: savepoint.dir = 'file:relative' is not a filesystem URI"));
        assertEquals("job config: checkpoint.retained must be >= 1, got 0", error("checkpoint.retained", "0"));
        assertEquals("job config: checkpoint.retained = 'many' is not an integer", error("checkpoint.retained", "many"));
        assertEquals("job config: state.backend = 'memory' is not hashmap or rocksdb (or empty: the Flink configuration's)",
                error("state.backend", "memory"));
    }
}
