package dev.ferstream.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The seven FER2013 classes, in label order; the index is what files and the network use. */
public enum Emotion {
    ANGRY, DISGUST, FEAR, HAPPY, SAD, SURPRISE, NEUTRAL;

    public static final int COUNT = values().length;

    public int index() {
        return ordinal();
    }

    /** Lower-case name used in folder trees, CSV output and reports ("angry"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Emotion of(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("emotion label must be 0..6, got " + index);
        }
        return values()[index];
    }

    /** Parses a folder/class name such as "happy" or "Happy"; null when it is not an emotion name. */
    public static Emotion fromName(String name) {
        for (Emotion e : values()) {
            if (e.label().equalsIgnoreCase(name.trim())) {
                return e;
            }
        }
        return null;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Emotion::label).toList();
    }
}
