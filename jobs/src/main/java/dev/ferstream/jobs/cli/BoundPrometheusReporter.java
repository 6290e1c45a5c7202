package dev.ferstream.jobs.cli;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;

/**
 * Flink's Prometheus reporter, listening on one address instead of all of them. Flink's own
 * {@code PrometheusReporter} (2.2.1) binds {@code new InetSocketAddress(port)}, every interface, and has no option
 * for the address, so {@code ferstream run} and {@code demo} on a laptop would publish their metrics to the network.
 * This reporter serves the same collectors (those of {@link AbstractPrometheusReporter}, which turns Flink's metrics
 * into Prometheus series) on the configured host, by default 127.0.0.1.
 *
 * <p>The collectors live in the base class's package-private {@code registry} field, read once by reflection: the
 * only way in short of a class in Flink's package. If a Flink upgrade renames the field, the reporter fails at start
 * with a message saying so (and {@code --metrics-host 0.0.0.0} is no way around it: pin the code instead).
 */
public final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;
    private final int port;

    BoundPrometheusReporter(String host, PortRange ports) {
        this.server = listen(host, ports, registry(this));
        this.port = server.getPort();
        log.debug("Prometheus metrics at http://{}:{}/metrics", host, port);
    }

    /** An HTTP server on the first free port of the range (daemon threads: it never keeps the JVM alive). */
    private static HTTPServer listen(String host, PortRange ports, CollectorRegistry collectors) {
        IOException last = null;
        for (Iterator<Integer> it = ports.getPortsIterator(); it.hasNext(); ) {
            try {
                return new HTTPServer(new InetSocketAddress(host, it.next()), collectors, true);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("metrics: cannot listen on " + host + ":" + ports
                + (last == null ? "" : " (" + last.getMessage() + ")") + "; choose another --metrics-port or 0 for none");
    }

    /** The port it listens on (the first free one of the range). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }

    private static CollectorRegistry registry(AbstractPrometheusReporter reporter) {
        try {
            Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(reporter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("metrics: this Flink's AbstractPrometheusReporter has no 'registry' field ("
                    + e + "); BoundPrometheusReporter needs updating for it", e);
        }
    }
}
