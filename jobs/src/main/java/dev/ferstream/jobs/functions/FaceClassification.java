package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.ModelRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of faces into prediction events with one forward pass: the one place both classifiers (one face per
 * call and micro-batches) build a {@link PredictionEvent}, so they stamp the same model name, version and times.
 */
final class FaceClassification {
    private FaceClassification() {
    }

    static List<Classified> classify(ModelRunner runner, List<FaceEvent> faces) {
        List<byte[]> pixels = new ArrayList<>(faces.size());
        for (FaceEvent f : faces) {
            pixels.add(f.pixels());
        }
        float[][] probabilities = runner.probabilities(pixels);
        long now = System.currentTimeMillis();
        List<Classified> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            FaceEvent f = faces.get(i);
            out.add(new Classified(new PredictionEvent(f.id(), Classifier.argmax(probabilities[i]), probabilities[i],
                    runner.modelName(), runner.modelVersion(), f.eventTime(), now), f.pixels()));
        }
        return out;
    }
}
