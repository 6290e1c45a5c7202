package dev.ferstream.jobs.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The MiniCluster that {@code run} and the demo start answers on loopback and not on the machine's other addresses. */
class LocalEndpointsTest {
    @Test
    void theRestApiListensOnLoopbackOnly() throws Exception {
        Configuration conf = LocalEndpoints.loopback(new Configuration());
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build())) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            assertEquals("127.0.0.1", rest.getHost());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", rest.getPort()), 2000); // answers on loopback
            }
            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) { // a machine with only loopback has nothing else to test
                assertThrows(IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(other.get(), rest.getPort()), 2000);
                    }
                }, "the REST port must not answer on " + other.get());
            }
        }
    }

    /** An IPv4 address of this machine other than loopback, if it has one. */
    private static Optional<InetAddress> otherAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    }
}
