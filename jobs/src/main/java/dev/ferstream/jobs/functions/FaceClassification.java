package dev.ferstream.jobs.functions;

import dev.ferstream.jobs.events.Classified;
import dev.ferstream.jobs.events.FaceEvent;
import dev.ferstream.jobs.events.PredictionEvent;
import dev.ferstream.jobs.lifecycle.LoadedModel;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.ModelRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of faces into prediction events with one forward pass: the one place the champion and the challenger
 * build a {@link PredictionEvent}, so they stamp model name, version and times the same way: the
 * name and version of the reference the model was loaded from (the registry's, or the start bundle's own).
 */
final class FaceClassification {
    private FaceClassification() {
    }

    static List<Classified> classify(LoadedModel<ModelRunner> model, List<FaceEvent> faces) {
        ModelRunner runner = model.model();
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
                    model.ref().name(), model.ref().version(), f.eventTime(), now), f.pixels()));
        }
        return out;
    }
}
