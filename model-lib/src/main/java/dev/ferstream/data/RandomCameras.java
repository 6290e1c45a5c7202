package dev.ferstream.data;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Training faces shown through a new random camera ({@link CameraShift#random}) each time a batch draws them. Why at
 * draw time and not once in the file: each epoch sees another camera, and the face itself stays as it was, so a
 * teacher ({@link SoftTargets}) judges the clean face while the student learns to give that answer through any
 * camera; a fine-tune that must keep the original faces and learn a new camera needs exactly that invariance.
 *
 * <p>Faces are matched by identity, like {@link SoftTargets}.
 */
public final class RandomCameras {
    private static final RandomCameras NONE = new RandomCameras(Collections.newSetFromMap(new IdentityHashMap<>()));

    private final Set<Face> faces;

    private RandomCameras(Set<Face> faces) {
        this.faces = faces;
    }

    public static RandomCameras none() {
        return NONE;
    }

    /** These faces (copied as a set of identities) go through random cameras. */
    public static RandomCameras of(List<Face> faces) {
        Set<Face> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(faces);
        return new RandomCameras(set);
    }

    public int size() {
        return faces.size();
    }

    /** The pixels to train on: the face's own, or through a camera drawn from {@code random} when it is one of these. */
    byte[] pixels(Face face, Random random) {
        return faces.contains(face) ? CameraShift.random(random).apply(face.pixels(), face.id()) : face.pixels();
    }
}
