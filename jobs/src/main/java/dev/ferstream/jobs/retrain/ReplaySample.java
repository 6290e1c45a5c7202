package dev.ferstream.jobs.retrain;

import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceReader;
import dev.ferstream.data.ReadOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded random sample of the original training data, replayed beside the feedback so the fine-tune does not forget
 * the faces the champion learned from. Sized so that, mixed per batch at its weight, one epoch sees each feedback face
 * about once (an epoch is as long as its sources together): {@code weight x feedback training faces}.
 *
 * <p>Part of the sample is shown through random cameras ({@link CameraShift#random}, a new one each time the fine-tune
 * draws the face: {@code train --camera-data}): the feedback comes from one new camera, and a fine-tune that sees
 * FER2013 only as it was learns that camera's tone and sharpness as a shortcut and forgets how the original faces
 * look; replayed faces under many cameras teach it that the expression, not the camera, decides the label (bench/loop:
 * the original faces' accuracy fell 0.06 without this).
 *
 * <p>The two parts are kept apart (two files) because they train differently, and both stay as drawn: the champion
 * teaches every replayed face from the face as it was ({@code --distill-weight}), so through a camera the candidate
 * learns to give the answer the champion gives without one.
 *
 * @param source  where the sample was drawn from
 * @param read    labelled faces in it
 * @param faces   the part shown as it is
 * @param cameras the part shown through random cameras (empty until {@link #withCameraPart})
 * @param unseen  faces of the same data the fine-tune never sees, drawn after the sample: the champion learned them,
 *                so what the candidate loses on them is what it forgot ({@link ForgettingCheck})
 */
record ReplaySample(Path source, int read, List<Face> faces, List<Face> cameras, List<Face> unseen) {
    ReplaySample {
        faces = List.copyOf(faces);
        cameras = List.copyOf(cameras);
        unseen = List.copyOf(unseen);
    }

    /** Faces in the sample, both parts. */
    int size() {
        return faces.size() + cameras.size();
    }

    /** Both parts in one list, as drawn. */
    List<Face> all() {
        List<Face> all = new ArrayList<>(faces);
        all.addAll(cameras);
        return all;
    }

    /** {@code size} faces to replay and, from the rest, up to {@code unseenSize} to measure forgetting on. */
    static ReplaySample draw(Path source, int size, int unseenSize, long seed) {
        List<Face> all = FaceReader.read(source, ReadOptions.strict()).faces();
        List<Face> labelled = all.stream().filter(Face::labelled).toList();
        if (labelled.isEmpty()) {
            throw new IllegalArgumentException("--replay-data " + source + " has no labelled faces");
        }
        List<Integer> order = new ArrayList<>(labelled.size());
        for (int i = 0; i < labelled.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int sampled = Math.min(size, labelled.size());
        int unseen = Math.min(unseenSize, labelled.size() - sampled);
        List<Face> sample = order.subList(0, sampled).stream().map(labelled::get).toList();
        List<Face> rest = order.subList(sampled, sampled + unseen).stream().map(labelled::get).toList();
        return new ReplaySample(source, labelled.size(), sample, List.of(), rest);
    }

    /** The sample with each face moved to the camera part with probability {@code fraction} (seeded). */
    ReplaySample withCameraPart(double fraction, long seed) {
        Random random = new Random(seed ^ 0x63616D657261L);
        List<Face> plain = new ArrayList<>(faces.size());
        List<Face> out = new ArrayList<>(cameras);
        for (Face face : faces) {
            (random.nextDouble() < fraction ? out : plain).add(face);
        }
        return new ReplaySample(source, read, plain, out, unseen);
    }
}
