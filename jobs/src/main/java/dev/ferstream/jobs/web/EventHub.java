package dev.ferstream.jobs.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Fans events out to the connected pages. Each page has its own bounded queue, drained by the HTTP thread serving
 * it, so a slow browser never blocks the Kafka feed: when its queue is full it misses events and gets a fresh
 * snapshot instead (the page's state is the snapshot plus later events, so nothing is lost for good).
 */
public final class EventHub {
    static final int QUEUE = 256;
    private final ObjectMapper json = new ObjectMapper();
    private final CopyOnWriteArrayList<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();

    /** One page's queue of SSE frames; remove it with {@link #leave} when the page goes. */
    BlockingQueue<String> join(ViewSnapshot snapshot) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE);
        queue.add(frame(new ViewEvent("snapshot", snapshot)));
        clients.add(queue);
        return queue;
    }

    void leave(BlockingQueue<String> queue) {
        clients.remove(queue);
    }

    public void publish(ViewEvent event, StreamView view) {
        if (clients.isEmpty()) {
            return;
        }
        String frame = frame(event);
        for (BlockingQueue<String> q : clients) {
            if (!q.offer(frame)) {
                q.clear();
                q.offer(frame(new ViewEvent("snapshot", view.snapshot())));
            }
        }
    }

    public int clients() {
        return clients.size();
    }

    /** One server-sent event: {@code event: name}, the JSON on one {@code data:} line, a blank line. */
    String frame(ViewEvent event) {
        try {
            return "event: " + event.name() + "\ndata: " + json.writeValueAsString(event.data()) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.name() + ": " + e.getMessage(), e);
        }
    }

    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
