import dev.ferstream.data.*;
import dev.ferstream.model.bundle.ModelBundle;
import dev.ferstream.model.inference.Classifier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.nio.file.*;
import java.util.*;

/** Weight interpolation (WiSE-FT) between the champion and a candidate: accuracy on the unseen faces with and without the camera, and on the retrain hold-out, per alpha. Args: LOOP_WORK CANDIDATE ALPHAS [TRAIN_CHECK_FACES]. */
public class Wise {
  static double acc(MultiLayerNetwork n, List<Face> faces) {
    float[][] p = new Classifier(n, false).probabilities(faces.stream().map(Face::pixels).toList());
    int ok = 0; for (int i = 0; i < p.length; i++) if (Classifier.argmax(p[i]) == faces.get(i).label()) ok++;
    return ok / (double) p.length;
  }
  public static void main(String[] a) throws Exception {
    Path w = Path.of(a[0]);
    MultiLayerNetwork v1 = ModelBundle.load(w.resolve("registry/fer-vgg/v1")).network();
    Path cand = Path.of(a[1]);
    MultiLayerNetwork v2 = ModelBundle.load(cand).network();
    Map<String,Integer> labels = LabelFile.read(Path.of(System.getenv().getOrDefault("FER_DATA", "../shared/data/fer2013"), "test_labels.csv"));
    List<Face> unseen = FaceReader.read(w.resolve("unseen.csv"), ReadOptions.strict()).withLabels(labels, null).faces();
    List<Face> unseenCam = CameraShift.NIGHT.apply(unseen);
    List<Face> hold = FaceReader.read(w.resolve("retrain/holdout.csv"), ReadOptions.strict()).faces();
    List<Face> replay = FaceReader.read(Path.of(System.getenv().getOrDefault("FER_DATA", "../shared/data/fer2013"), "train.csv.gz"), ReadOptions.strict()).faces();
    List<Face> check = new ArrayList<>(replay); Collections.shuffle(check, new Random(7)); check = check.subList(0, Integer.parseInt(a.length > 3 ? a[3] : "0"));
    INDArray p1 = v1.params().dup(), p2 = v2.params().dup();
    MultiLayerNetwork m = v1.clone();
    System.out.println("alpha unseenCam unseenOrig holdout trainCheck");
    for (double al : Arrays.stream(a[2].split(",")).mapToDouble(Double::parseDouble).toArray()) {
      m.setParams(p1.mul(1 - al).addi(p2.mul(al)));
      System.out.printf("%.1f %.4f %.4f %.4f %.4f%n", al, acc(m, unseenCam), acc(m, unseen), acc(m, hold), check.isEmpty() ? 0.0 : acc(m, check));
    }
  }
}
