package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ImageEncoding;
import dev.ferstream.cli.CameraConverter;
import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.jobs.DurationParser;
import dev.ferstream.jobs.demo.ReplayPlan;
import dev.ferstream.jobs.demo.Replayer;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code replay}: produce labelled faces and their late ground truth into a real Kafka, on a schedule. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produce faces (FaceImage) and, later, their labels (GroundTruth) into Kafka.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (or bootstrap.servers in --kafka-config)")
    String bootstrapServers;
    @Mixin
    KafkaConfigOption kafka;
    @Mixin
    DataSelection data;
    @Option(names = "--rate", defaultValue = "100", paramLabel = "N", description = "faces per second; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--label-delay", defaultValue = "2s", paramLabel = "DURATION", description = "labels follow their face by this much, in wall-clock and event time (default: ${DEFAULT-VALUE})")
    String labelDelay;
    @Option(names = "--late-fraction", defaultValue = "0", paramLabel = "F", description = "fraction of labels sent and stamped --late-by after their face (default: ${DEFAULT-VALUE})")
    double lateFraction;
    @Option(names = "--late-by", defaultValue = "10m", paramLabel = "DURATION", description = "delay of late labels; make it exceed the job's truth.max-delay (default: ${DEFAULT-VALUE})")
    String lateBy;
    @Option(names = "--encoding", defaultValue = "GRAY8_48X48", description = "GRAY8_48X48 or PNG (default: ${DEFAULT-VALUE})")
    ImageEncoding encoding;
    @Option(names = "--malformed", defaultValue = "0", paramLabel = "N", description = "mix in N malformed faces and N malformed labels (default: ${DEFAULT-VALUE})")
    int malformed;
    @Option(names = "--camera", paramLabel = "NAME", converter = CameraConverter.class, description = CameraConverter.DESCRIPTION)
    CameraShift camera;
    @Option(names = "--faces-topic", defaultValue = "faces")
    String facesTopic;
    @Option(names = "--labels-topic", defaultValue = "labels")
    String labelsTopic;

    @Override
    public Integer call() throws Exception {
        List<Face> faces = camera == null ? data.read() : camera.apply(data.read());
        Duration delay = DurationParser.parse(labelDelay);
        ReplayPlan.Options options = new ReplayPlan.Options(facesTopic, labelsTopic, rate, delay, lateFraction,
                DurationParser.parse(lateBy), encoding, 0, malformed);
        KafkaClientConfig client = kafka.connect(bootstrapServers); // after the data: a bad file is named first
        Instant start = Instant.now();
        ReplayPlan plan = ReplayPlan.of(faces, options, start);
        System.err.printf(Locale.ROOT, "replaying %d faces%s to %s at %s, labels %s later ...%n", faces.size(),
                camera == null ? "" : " through camera " + camera.describe(), client.bootstrapServers(),
                rate > 0 ? rate + " faces/s" : "full speed", DurationParser.format(delay));
        try (Replayer replayer = new Replayer(client)) {
            replayer.send(plan, start.toEpochMilli());
            System.err.printf(Locale.ROOT, "sent %d faces and %d labels (%d of them late; %d malformed faces, "
                            + "%d malformed labels) in %.1f s%n",
                    plan.count(ReplayPlan.Kind.FACE), plan.count(ReplayPlan.Kind.LABEL) + plan.count(ReplayPlan.Kind.LATE_LABEL),
                    plan.count(ReplayPlan.Kind.LATE_LABEL), plan.count(ReplayPlan.Kind.MALFORMED_FACE),
                    plan.count(ReplayPlan.Kind.MALFORMED_LABEL),
                    (System.currentTimeMillis() - start.toEpochMilli()) / 1000.0);
        }
        return 0;
    }
}
