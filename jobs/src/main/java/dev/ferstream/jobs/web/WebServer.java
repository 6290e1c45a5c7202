package dev.ferstream.jobs.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded HTTP server (the JDK's {@code com.sun.net.httpserver}): the static page from the classpath,
 * {@code /events} as server-sent events, {@code /api/state} as one JSON snapshot. Each open page holds one thread
 * (SSE is a long response), so the executor grows with the pages; a comment every 15 s detects pages that left.
 */
public final class WebServer implements AutoCloseable {
    private static final String STATIC = "/dev/ferstream/jobs/web/static/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    static final long HEARTBEAT_MS = 15_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final StreamView view;
    private final EventHub hub;
    private volatile boolean open = true;

    public WebServer(String bind, int port, StreamView view, EventHub hub) throws IOException {
        this.view = view;
        this.hub = hub;
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "web-view-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/events", this::events);
        server.createContext("/api/state", this::state);
        server.createContext("/", this::file);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void file(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (!name.matches("[a-z0-9-]+\\.(html|js|css)")) {
                send(ex, 404, "text/plain", "not found: " + path);
                return;
            }
            try (InputStream in = WebServer.class.getResourceAsStream(STATIC + name)) {
                if (in == null) {
                    send(ex, 404, "text/plain", "not found: " + path);
                    return;
                }
                send(ex, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private void state(HttpExchange ex) throws IOException {
        try (ex) {
            send(ex, 200, "application/json", hub.json(view.snapshot()));
        }
    }

    private void events(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        BlockingQueue<String> queue = hub.join(view.snapshot());
        try (OutputStream out = ex.getResponseBody()) {
            while (open) {
                String frame = queue.poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                out.write((frame == null ? ": keep-alive\n\n" : frame).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.leave(queue);
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
