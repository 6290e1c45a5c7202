package dev.ferstream.jobs.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.ferstream.jobs.config.Checks.require;
import static dev.ferstream.jobs.config.Checks.requireText;

/**
 * The job's ten topics ({@code topic.*}): three inputs (faces, labels, model decisions) and seven outputs. They must be distinct, since a sink
 * writing into a source's topic would feed the job its own output.
 *
 * @param faces       FaceImage input
 * @param labels      GroundTruth input
 * @param predictions Prediction output
 * @param saliency    SaliencyMap output
 * @param confusion   ConfusionWindow output
 * @param deadLetter  DeadLetter output
 * @param lateLabels  GroundTruth that arrived after truth.max-delay
 * @param models      ModelUpdate input (compacted, one partition: every subtask must see decisions in one order)
 * @param modelEvents ModelEvent output
 * @param shadow      Prediction output of the challenger
 */
public record Topics(String faces, String labels, String predictions, String saliency, String confusion,
                     String deadLetter, String lateLabels, String models, String modelEvents, String shadow)
        implements Serializable {
    public static final Topics DEFAULTS = new Topics("faces", "labels", "predictions", "saliency", "confusion",
            "dead-letter", "late-labels", "models", "model-events", "shadow-predictions");

    public Topics {
        List<String> all = List.of(faces, labels, predictions, saliency, confusion, deadLetter, lateLabels, models,
                modelEvents, shadow);
        for (String topic : all) {
            requireText(topic, "topic names must not be blank");
        }
        require(new TreeSet<>(all).size() == all.size(), "the ten topics must be distinct");
    }

    /** Every topic with ordinary settings, inputs first (what a broker needs created); see {@link #models()}. */
    public List<String> all() {
        return List.of(faces, labels, predictions, saliency, confusion, deadLetter, lateLabels, modelEvents, shadow);
    }

    /** The same names with a prefix, e.g. for several jobs on one broker. */
    public Topics prefixed(String prefix) {
        return new Topics(prefix + faces, prefix + labels, prefix + predictions, prefix + saliency, prefix + confusion,
                prefix + deadLetter, prefix + lateLabels, prefix + models, prefix + modelEvents, prefix + shadow);
    }

    static Topics from(ConfigValues v) {
        return new Topics(v.str("topic.faces"), v.str("topic.labels"), v.str("topic.predictions"), v.str("topic.saliency"),
                v.str("topic.confusion"), v.str("topic.dead-letter"), v.str("topic.late-labels"), v.str("topic.models"),
                v.str("topic.model-events"), v.str("topic.shadow-predictions"));
    }

    void write(Map<String, String> m) {
        m.put("topic.faces", faces);
        m.put("topic.labels", labels);
        m.put("topic.predictions", predictions);
        m.put("topic.saliency", saliency);
        m.put("topic.confusion", confusion);
        m.put("topic.dead-letter", deadLetter);
        m.put("topic.late-labels", lateLabels);
        m.put("topic.models", models);
        m.put("topic.model-events", modelEvents);
        m.put("topic.shadow-predictions", shadow);
    }
}
