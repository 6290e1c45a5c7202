package dev.ferstream.jobs.demo;

import dev.ferstream.avro.FaceImage;
import dev.ferstream.avro.FaceRecords;
import dev.ferstream.avro.GroundTruth;
import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.avro.SingleObjectCodec;
import dev.ferstream.data.Face;
import dev.ferstream.data.ImageDecoding;
import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a replay will send, computed before the first record goes out: each face at {@code start + i / rate},
 * its label {@code labelDelay} later, optionally some labels late (sent and stamped beyond the job's maximum delay)
 * and some malformed records. Knowing the plan up front gives exact per-partition end offsets, so the demo can run the
 * job with bounded sources that stop precisely after the last planned record.
 *
 * @param sends   in send order
 * @param options how the plan was made
 */
public record ReplayPlan(List<Send> sends, Options options) {

    /**
     * @param facesTopic   topic for FaceImage records
     * @param labelsTopic  topic for GroundTruth records
     * @param rate         faces per second; 0 = as fast as possible
     * @param labelDelay   wall-clock and event-time delay of each label after its face
     * @param lateFraction fraction of labels (chosen by id) sent and stamped {@code lateBy} after their face
     * @param lateBy       delay of late labels (above the job's truth.max-delay)
     * @param encoding     how images are sent
     * @param partitions   explicit partitions (round robin); 0 = Kafka's key partitioner (end offsets unknown)
     * @param malformed    malformed faces and as many malformed labels to mix in
     */
    public record Options(String facesTopic, String labelsTopic, double rate, Duration labelDelay, double lateFraction,
                          Duration lateBy, ImageEncoding encoding, int partitions, int malformed) {
        public Options {
            if (rate < 0 || lateFraction < 0 || lateFraction > 1 || partitions < 0 || malformed < 0
                    || labelDelay.isNegative() || lateBy.isNegative()) {
                throw new IllegalArgumentException("replay: rate, partitions, malformed and delays must be >= 0 and "
                        + "late fraction in [0,1]");
            }
        }
    }

    /** One record to send {@code dueMillis} after the start. */
    public record Send(long dueMillis, String topic, Integer partition, String key, byte[] value, Kind kind) {
    }

    public enum Kind { FACE, LABEL, LATE_LABEL, MALFORMED_FACE, MALFORMED_LABEL }

    public static ReplayPlan of(List<Face> faces, Options o, Instant start) {
        SingleObjectCodec<FaceImage> faceCodec = SingleObjectCodec.faceImage();
        SingleObjectCodec<GroundTruth> truthCodec = SingleObjectCodec.groundTruth();
        List<Send> sends = new ArrayList<>(faces.size() * 2 + o.malformed() * 2);
        long t0 = start.toEpochMilli();
        int badEvery = o.malformed() == 0 ? Integer.MAX_VALUE : Math.max(1, faces.size() / (o.malformed() + 1));
        int bad = 0;
        for (int i = 0; i < faces.size(); i++) {
            Face face = faces.get(i);
            long due = o.rate() > 0 ? Math.round(i * 1000.0 / o.rate()) : 0;
            Integer partition = o.partitions() > 0 ? i % o.partitions() : null;
            long eventTime = t0 + due;
            sends.add(new Send(due, o.facesTopic(), partition, face.id(),
                    faceCodec.encode(faceImage(face, eventTime, o.encoding())), Kind.FACE));
            if (face.labelled()) {
                // A late label is late in wall-clock time too (sent lateBy after its face, stamped then): stamping
                // it late but sending it early would push the labels' watermark ahead of the other labels.
                boolean late = lateLabel(face.id(), o.lateFraction());
                long delay = (late ? o.lateBy() : o.labelDelay()).toMillis();
                sends.add(new Send(due + delay, o.labelsTopic(), partition, face.id(),
                        truthCodec.encode(GroundTruth.newBuilder().setId(face.id()).setLabel(face.label())
                                .setEventTime(Instant.ofEpochMilli(eventTime + delay)).build()),
                        late ? Kind.LATE_LABEL : Kind.LABEL));
            }
            if (bad < o.malformed() && (i + 1) % badEvery == 0) {
                Integer badPartition = o.partitions() > 0 ? bad % o.partitions() : null;
                sends.add(new Send(due, o.facesTopic(), badPartition, "bad-face-" + bad, malformedFace(bad, eventTime),
                        Kind.MALFORMED_FACE));
                sends.add(new Send(due + o.labelDelay().toMillis(), o.labelsTopic(), badPartition, "bad-label-" + bad,
                        malformedLabel(bad, eventTime), Kind.MALFORMED_LABEL));
                bad++;
            }
        }
        sends.sort(Comparator.comparingLong(Send::dueMillis)); // stable: faces keep their order
        return new ReplayPlan(List.copyOf(sends), o);
    }

    /** End offsets per partition after this plan, for topics that were empty before (explicit partitions only). */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        if (options.partitions() == 0) {
            throw new IllegalStateException("end offsets are only known with explicit partitions");
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        for (int p = 0; p < options.partitions(); p++) {
            end.put(new TopicPartition(topic, p), 0L);
        }
        for (Send s : sends) {
            if (s.topic().equals(topic)) {
                end.merge(new TopicPartition(topic, s.partition()), 1L, Long::sum);
            }
        }
        return end;
    }

    public long count(Kind kind) {
        return sends.stream().filter(s -> s.kind() == kind).count();
    }

    /** Deterministic choice of late labels by id, so a rerun marks the same faces. */
    static boolean lateLabel(String id, double fraction) {
        return fraction > 0 && Math.floorMod(id.hashCode() * 0x9E3779B9, 10_000) < fraction * 10_000;
    }

    static FaceImage faceImage(Face face, long eventTime, ImageEncoding encoding) {
        byte[] image = switch (encoding) {
            case GRAY8_48X48 -> face.pixels();
            case PNG -> ImageDecoding.encodePng(face.pixels());
            case JPEG -> throw new IllegalArgumentException("JPEG replay is not supported (lossy); use GRAY8_48X48 or PNG");
        };
        return FaceImage.newBuilder().setId(face.id()).setEventTime(Instant.ofEpochMilli(eventTime))
                .setImage(ByteBuffer.wrap(image)).setEncoding(encoding).build();
    }

    /** Malformed faces of five kinds in turn: garbage, truncated, wrong size, undecodable PNG, wrong schema. */
    static byte[] malformedFace(int n, long eventTime) {
        String id = "bad-face-" + n;
        SingleObjectCodec<FaceImage> faces = SingleObjectCodec.faceImage();
        return switch (n % 5) {
            case 0 -> ("not avro " + id).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                byte[] whole = faces.encode(FaceRecords.gray(id, eventTime, new byte[2304]));
                yield java.util.Arrays.copyOf(whole, 40);
            }
            case 2 -> faces.encode(FaceRecords.gray(id, eventTime, new byte[100]));
            case 3 -> faces.encode(FaceImage.newBuilder().setId(id).setEventTime(Instant.ofEpochMilli(eventTime))
                    .setImage(ByteBuffer.wrap(new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}))
                    .setEncoding(ImageEncoding.PNG).build());
            default -> SingleObjectCodec.groundTruth().encode(GroundTruth.newBuilder().setId(id).setLabel(1)
                    .setEventTime(Instant.ofEpochMilli(eventTime)).build());
        };
    }

    /** Malformed labels: a label outside 0..6, or bytes that are not a record. */
    static byte[] malformedLabel(int n, long eventTime) {
        if (n % 2 == 0) {
            return SingleObjectCodec.groundTruth().encode(GroundTruth.newBuilder().setId("bad-label-" + n).setLabel(9)
                    .setEventTime(Instant.ofEpochMilli(eventTime)).build());
        }
        return new byte[]{(byte) 0xC3, 0x01, 1, 2, 3};
    }
}
