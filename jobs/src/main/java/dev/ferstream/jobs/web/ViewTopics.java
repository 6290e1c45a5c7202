package dev.ferstream.jobs.web;

import dev.ferstream.jobs.config.Topics;

import java.util.List;

/** The four topics the web view follows: faces and labels (input), confusion windows and saliency maps (job output). */
public record ViewTopics(String faces, String labels, String confusion, String saliency) {
    public static ViewTopics of(Topics topics) {
        return new ViewTopics(topics.faces(), topics.labels(), topics.confusion(), topics.saliency());
    }

    public List<String> all() {
        return List.of(faces, labels, confusion, saliency);
    }
}
