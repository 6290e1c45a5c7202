package dev.ferstream.jobs.retrain;

import dev.ferstream.data.Face;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.camera.CameraDetector;
import dev.ferstream.model.camera.CameraStatistics;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The candidate's BatchNorm statistics per camera ({@code retrain --statistics per-camera}, the default): its own
 * statistics from original faces, a second set from the feedback's (the new camera's) faces in {@code camera.json},
 * and a detector fitted on the two kinds of faces that routes each face to its camera's set when the bundle serves
 * ({@link CameraStatistics}). One shared set ({@link BatchNormForBoth}) had to trade one camera against the other.
 *
 * @param feedbackFaces faces the camera's statistics came from
 * @param originalFaces faces the original statistics came from
 * @param detectorAccuracy the detector's accuracy on the faces it was fitted on
 */
record PerCameraStatistics(int feedbackFaces, int originalFaces, double detectorAccuracy) {
    static PerCameraStatistics apply(Path candidate, String camera, List<Face> feedback, List<Face> original, int faces,
                                     long seed) throws IOException {
        Random random = new Random(seed ^ 0x63616D73746174L);
        List<Face> fromFeedback = BatchNormForBoth.draw(feedback, Math.min(faces, feedback.size()), random);
        List<Face> fromOriginal = BatchNormForBoth.draw(original, Math.min(faces, original.size()), random);
        ModelBundle bundle = ModelBundle.load(candidate);
        MultiLayerNetwork onCamera = bundle.network().clone();
        BatchNormRecalibration.apply(onCamera, fromFeedback);
        MultiLayerNetwork onOriginal = bundle.network();
        BatchNormRecalibration.apply(onOriginal, fromOriginal);
        List<byte[]> cameraPixels = feedback.stream().map(Face::pixels).toList();
        List<byte[]> originalPixels = original.stream().map(Face::pixels).toList();
        CameraDetector detector = CameraDetector.fit(cameraPixels, originalPixels);
        ModelBundle.save(candidate, onOriginal, bundle.metadata());
        CameraStatistics.of(camera, detector, onCamera).write(candidate);
        return new PerCameraStatistics(fromFeedback.size(), fromOriginal.size(),
                detector.accuracy(cameraPixels, originalPixels));
    }
}
