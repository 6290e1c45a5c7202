package dev.ferstream.jobs;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The job's state keys become exactly these Flink 2.2 keys; unset ones set nothing, so a cluster's own config holds. */
class FlinkStateKeysTest {
    @Test
    void durableStateMapsToFlinksCheckpointKeys() {
        JobConfig c = JobConfig.defaultsWith(Map.of("checkpoint.dir", "file:///tmp/chk", "checkpoint.retained", "4",
                "state.backend", "rocksdb"));
        assertEquals(Map.of("execution.checkpointing.storage", "filesystem",
                "execution.checkpointing.dir", "file:///tmp/chk",
                "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION",
                "execution.checkpointing.num-retained", "4",
                "execution.checkpointing.savepoint-dir", "file:///tmp/chk/savepoints",
                "state.backend.type", "rocksdb"), FerstreamJob.stateSettings(c.delivery()).toMap());
    }

    @Test
    void defaultsSetNothing() {
        assertEquals(Map.of(), FerstreamJob.stateSettings(JobConfig.DEFAULTS.delivery()).toMap());
        assertEquals(Map.of("execution.checkpointing.savepoint-dir", "s3://b/sp"), FerstreamJob.stateSettings(
                JobConfig.defaultsWith(Map.of("savepoint.dir", "s3://b/sp")).delivery()).toMap());
    }
}
