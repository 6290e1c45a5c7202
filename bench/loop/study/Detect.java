import dev.ferstream.data.*;
import dev.ferstream.model.camera.CameraDetector;
import java.nio.file.*;
import java.util.*;

/** The offline check behind retrain's camera detector: fitted as retrain fits it (CameraDetector: contrast, brightness, sharpness) on a loop run's feedback training part (the camera) against its replay sample (original faces), how many of the run's unseen faces it tells apart, through the camera and as they are. Args: LOOP_WORK (compiled with the other tools here, as study.sh does). */
public class Detect {
  public static void main(String[] a) throws Exception {
    Path w = Path.of(a[0]);
    List<Face> cam = FaceReader.read(w.resolve("retrain/train.csv"), ReadOptions.strict()).faces();
    List<Face> orig = FaceReader.read(w.resolve("retrain/replay.csv"), ReadOptions.strict()).faces();
    List<Face> unseen = FaceReader.read(w.resolve("unseen.csv"), ReadOptions.strict()).faces();
    CameraDetector d = CameraDetector.fit(cam.stream().map(Face::pixels).toList(), orig.stream().map(Face::pixels).toList());
    long okCam = CameraShift.NIGHT.apply(unseen).stream().filter(f -> d.camera(f.pixels())).count();
    long okOrig = unseen.stream().filter(f -> !d.camera(f.pixels())).count();
    System.out.printf("weights %s; unseen through the camera called camera: %d/%d; unseen as they are called original: %d/%d%n",
        Arrays.toString(d.weights()), okCam, unseen.size(), okOrig, unseen.size());
  }
}
