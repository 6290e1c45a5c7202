package dev.ferstream.jobs.cli;

import org.apache.flink.configuration.Configuration;

/**
 * The one home of the Prometheus reporter settings for the job runs this CLI starts itself ({@code run} and
 * {@code demo}, both on a local MiniCluster): which reporter, on which address and port, how often. A cluster's
 * reporter is set in its own Flink configuration (deploy/flink/config.yaml, deploy/local/cluster.sh).
 */
final class MetricsReporter {
    static final String PREFIX = "metrics.reporter.prom.";

    private MetricsReporter() {
    }

    /**
     * Flink settings that start a {@link BoundPrometheusReporter} on {@code host:port} ({@code port} 0: none), with
     * gauges refreshed every second so a live view sees windows as they fire.
     */
    static Configuration settings(String host, int port) {
        Configuration flink = new Configuration();
        if (port == 0) {
            return flink;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics-port " + port + " is not a port (1-65535, or 0 for none)");
        }
        flink.setString(PREFIX + "factory.class", BoundPrometheusReporterFactory.class.getName());
        flink.setString(PREFIX + "host", host);
        flink.setString(PREFIX + "port", Integer.toString(port));
        flink.setString(PREFIX + "interval", "1 s");
        return flink;
    }
}
