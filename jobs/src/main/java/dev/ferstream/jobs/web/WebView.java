package dev.ferstream.jobs.web;

import dev.ferstream.jobs.kafka.KafkaClientConfig;

import java.io.IOException;

/**
 * The live web view, assembled: a {@link TopicFeed} filling a {@link StreamView}, served by a {@link WebServer}.
 * Used by {@code ferstream demo} (against its embedded broker) and {@code ferstream dashboard} (against any Kafka).
 */
public final class WebView implements AutoCloseable {
    private final WebServer server;
    private final TopicFeed feed;
    private final String bind;

    private WebView(WebServer server, TopicFeed feed, String bind) {
        this.server = server;
        this.feed = feed;
        this.bind = bind;
    }

    /**
     * @param port 0 picks a free port (see {@link #url()})
     * @param from {@code earliest} or {@code latest}: where in the topics the view starts
     */
    public static WebView start(String bootstrapServers, ViewTopics topics, String from, String bind, int port) throws IOException {
        return start(KafkaClientConfig.of(bootstrapServers), topics, from, bind, port);
    }

    /** As {@link #start(String, ViewTopics, String, String, int)}, on a cluster that wants credentials. */
    public static WebView start(KafkaClientConfig kafka, ViewTopics topics, String from, String bind, int port) throws IOException {
        StreamView view = new StreamView();
        EventHub hub = new EventHub();
        TopicFeed feed = new TopicFeed(kafka, topics, from, view, hub);
        WebServer server;
        try {
            server = new WebServer(bind, port, view, hub);
        } catch (IOException e) {
            feed.closeQuietly();
            throw new IOException("web view cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "); choose another with --web-port/--port, or 0 to turn it off", e);
        }
        return new WebView(server, feed.start(), bind);
    }

    public String url() {
        String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
        return "http://" + host + ":" + server.port() + "/";
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        feed.close();
    }
}
