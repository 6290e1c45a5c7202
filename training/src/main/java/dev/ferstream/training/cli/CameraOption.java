package dev.ferstream.training.cli;

import dev.ferstream.cli.CameraConverter;
import dev.ferstream.data.CameraShift;
import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code --camera NAME}, shared by evaluate and compare: scores the faces as another camera would have taken them
 * (model-lib's {@link CameraShift}), the same pixels {@code ferstream replay --camera NAME} sends, so the accuracy a
 * camera change costs is one command. Absent: the faces as read.
 */
final class CameraOption {
    @Option(names = "--camera", paramLabel = "NAME", converter = CameraConverter.class,
            description = CameraConverter.DESCRIPTION)
    CameraShift camera;

    /** The faces shifted by the camera, or unchanged without one. */
    FaceData apply(FaceData faces) {
        return camera == null ? faces : camera.apply(faces);
    }

    /** The faces shifted by the camera, or unchanged without one. */
    List<Face> apply(List<Face> faces) {
        return camera == null ? faces : camera.apply(faces);
    }

    /** Appended to the data's name in output and JSON, so a shifted figure never passes for the plain one. */
    String suffix() {
        return camera == null ? "" : " (camera " + camera.name() + ")";
    }
}
