package dev.ferstream.jobs.web;

import dev.ferstream.jobs.JobConfig;

import java.util.List;

/** The four topics the web view follows: faces and labels (input), confusion windows and saliency maps (job output). */
public record ViewTopics(String faces, String labels, String confusion, String saliency) {
    public static ViewTopics of(JobConfig config) {
        return new ViewTopics(config.facesTopic(), config.labelsTopic(), config.confusionTopic(), config.saliencyTopic());
    }

    public List<String> all() {
        return List.of(faces, labels, confusion, saliency);
    }
}
