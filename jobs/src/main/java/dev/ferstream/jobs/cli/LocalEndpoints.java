package dev.ferstream.jobs.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Where a job run inside this JVM (a Flink MiniCluster: {@code run} outside {@code flink run}, the demo) listens:
 * loopback only. Left alone, the MiniCluster opens its REST API (which can cancel jobs) and its BLOB server on
 * every interface, at random ports; nothing but this machine needs them. Flink's Prometheus reporter is the one
 * endpoint this cannot reach: it has no bind option and always listens on every interface.
 */
public final class LocalEndpoints {
    public static final String LOOPBACK = "127.0.0.1";

    private LocalEndpoints() {
    }

    /** Sets the REST, JobManager (BLOB server) and TaskManager bind addresses to loopback; returns the same object. */
    public static Configuration loopback(Configuration conf) {
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        return conf;
    }
}
