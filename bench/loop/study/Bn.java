import dev.ferstream.data.*;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.batchnorm.BatchNormRecalibration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import java.nio.file.*;
import java.util.*;

/** A bundle's accuracy on the unseen faces (camera / original) with BatchNorm statistics as trained (asis), from original faces (orig), from the feedback (cam) or from NN% feedback + (100-NN)% original in 1,600 faces (mixNN). Args: LOOP_WORK BUNDLES MODES. */
public class Bn {
  public static void main(String[] a) throws Exception {
    Path w = Path.of(a[0]);
    Map<String,Integer> labels = LabelFile.read(Path.of(System.getenv().getOrDefault("FER_DATA", "../shared/data/fer2013"), "test_labels.csv"));
    List<Face> unseen = FaceReader.read(w.resolve("unseen.csv"), ReadOptions.strict()).withLabels(labels, null).faces();
    List<Face> unseenCam = CameraShift.NIGHT.apply(unseen);
    List<Face> train = FaceReader.read(w.resolve("retrain/train.csv"), ReadOptions.strict()).faces();
    List<Face> replay = FaceReader.read(Path.of(System.getenv("STUDY_OUT"), "replay-plain.csv"), ReadOptions.strict()).faces();
    for (String c : a[1].split(",")) {
      for (String mode : a[2].split(",")) {
        MultiLayerNetwork m = ModelBundle.load(Path.of(c)).network();
        if (mode.equals("orig")) BatchNormRecalibration.apply(m, replay);
        if (mode.equals("cam")) BatchNormRecalibration.apply(m, train);
        if (mode.startsWith("mix")) { int k = Integer.parseInt(mode.substring(3)); List<Face> mx = new ArrayList<>(train.subList(0, Math.min(train.size(), k * 16))); mx.addAll(replay.subList(0, Math.min(replay.size(), (100 - k) * 16))); Collections.shuffle(mx, new Random(3)); BatchNormRecalibration.apply(m, mx); }
        System.out.printf("%s %s cam %.4f orig %.4f%n", c, mode, Wise.acc(m, unseenCam), Wise.acc(m, unseen));
      }
    }
  }
}
