package dev.ferstream.jobs.functions;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which faces the challenger also scores: a fixed fraction chosen by a hash of the face id, so the choice is the same
 * in every subtask, after every restart, and in a replay; the champion and challenger are compared on the same faces.
 *
 * @param fraction 0..1 of faces ({@code challenger.fraction})
 */
public record ShadowSelection(double fraction) implements Serializable {
    public ShadowSelection {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("challenger.fraction must be within 0..1, got " + fraction);
        }
    }

    public boolean includes(String faceId) {
        if (fraction >= 1) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(faceId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() < fraction * 4294967296.0;
    }
}
