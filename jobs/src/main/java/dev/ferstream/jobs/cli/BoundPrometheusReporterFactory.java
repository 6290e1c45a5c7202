package dev.ferstream.jobs.cli;

import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

import java.util.Properties;

/**
 * Creates {@link BoundPrometheusReporter}s from {@code metrics.reporter.<name>.host} (default 127.0.0.1) and
 * {@code .port} (a port or a range such as 9250-9260, default 9249). Flink finds factories through
 * {@code META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory}, so this one only works where the
 * job's own jars are on the process's class path ({@code ferstream run}, {@code demo}); a cluster configures its own
 * reporter.
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {
    public static final String DEFAULT_HOST = "127.0.0.1";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        return new BoundPrometheusReporter(properties.getProperty("host", DEFAULT_HOST),
                new PortRange(properties.getProperty("port", "9249")));
    }
}
