package dev.ferstream.jobs.web;

import dev.ferstream.jobs.config.Topics;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The topics the web view follows: faces and labels (input); predictions, shadow predictions (a challenger model's
 * answers, same Prediction schema), confusion windows and saliency maps (job output). A topic that does not exist is
 * simply not read (see {@link #pattern()}), so the view works the same with or without a challenger.
 */
public record ViewTopics(String faces, String labels, String predictions, String shadowPredictions, String confusion,
                         String saliency) {
    /** The shadow topic's name when the job configuration does not name one. */
    public static final String DEFAULT_SHADOW_PREDICTIONS = Topics.DEFAULTS.shadow();

    public ViewTopics {
        List<String> all = List.of(faces, labels, predictions, shadowPredictions, confusion, saliency);
        if (all.stream().anyMatch(t -> t == null || t.isBlank()) || all.stream().distinct().count() != all.size()) {
            throw new IllegalArgumentException("the web view's six topics must be named and distinct, got " + all);
        }
    }

    public static ViewTopics of(Topics topics) {
        return new ViewTopics(topics.faces(), topics.labels(), topics.predictions(), topics.shadow(),
                topics.confusion(), topics.saliency());
    }

    public ViewTopics withShadowPredictions(String topic) {
        return new ViewTopics(faces, labels, predictions, topic, confusion, saliency);
    }

    public List<String> all() {
        return List.of(faces, labels, predictions, shadowPredictions, confusion, saliency);
    }

    /**
     * Exactly these topics, as a subscription pattern: a pattern subscription reads the topics that exist and picks up
     * the others when they appear, without asking the broker to create them or warning about them meanwhile.
     */
    Pattern pattern() {
        return Pattern.compile(all().stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }
}
