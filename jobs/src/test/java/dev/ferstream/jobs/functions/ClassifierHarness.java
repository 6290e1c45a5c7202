package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.TinyModel;
import dev.ferstream.jobs.config.BatchingSettings;
import dev.ferstream.jobs.config.ModelSettings;
import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.ModelChange;
import dev.ferstream.jobs.lifecycle.ModelAssignment;
import dev.ferstream.jobs.lifecycle.StartModel;
import dev.ferstream.jobs.registry.ModelRegistry;
import dev.ferstream.jobs.registry.PublishedVersion;
import dev.ferstream.model.inference.TestTimeAugmentation;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A start bundle, a local registry holding a second tiny model as {@code tiny/v2}, and classifier operators that start
 * from the first: what the classifier's harness tests share.
 */
final class ClassifierHarness {
    final Path dir;
    final Path start;
    final ModelRegistry registry;
    final PublishedVersion v2;

    ClassifierHarness(Path dir) throws IOException {
        this.dir = dir;
        start = TinyModel.save(dir.resolve("tiny"));
        registry = new ModelRegistry(dir.resolve("registry").toUri().toString());
        v2 = registry.publish(TinyModel.save(dir.resolve("tiny2"), 11, 2304), "tiny", "v2");
    }

    ClassifyOperator operator(int batch, double fraction) {
        return new ClassifyOperator(new ModelSettings(start.toString(), TestTimeAugmentation.NONE, 1),
                new BatchingSettings(batch, Duration.ofMillis(50)), ModelAssignment.of(StartModel.fromPath(start.toString())),
                new ShadowSelection(fraction));
    }

    TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> open(int batch, double fraction) throws Exception {
        TwoInputStreamOperatorTestHarness<FaceEvent, ModelChange, Classified> h =
                new TwoInputStreamOperatorTestHarness<>(operator(batch, fraction));
        h.open();
        return h;
    }
}
