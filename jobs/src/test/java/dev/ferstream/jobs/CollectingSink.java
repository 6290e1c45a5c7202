package dev.ferstream.jobs;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink that keeps what it receives in memory, for whole-job tests on a MiniCluster (as apache/flink-training's
 * CollectSink). Flink serialises the sink into the job and runs its writers in other threads of the same JVM, so the
 * only way back to the test is a JVM-wide registry; each instance has its own key, so tests never see each other's
 * records, and {@link #values()} reads only this instance's.
 */
public final class CollectingSink<T> implements Sink<T> {
    private static final Map<String, Queue<Object>> RECEIVED = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();

    public CollectingSink() {
        RECEIVED.put(key, new ConcurrentLinkedQueue<>());
    }

    /** Everything written so far, by every parallel writer, in arrival order per writer. */
    @SuppressWarnings("unchecked")
    public List<T> values() {
        return RECEIVED.get(key).stream().map(v -> (T) v).toList();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> queue = RECEIVED.get(key);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
