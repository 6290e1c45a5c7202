import dev.ferstream.data.*;
import dev.ferstream.model.bundle.ModelBundle;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import java.nio.file.*;
import java.util.*;

/** Loop runs' champion (v1) against their published candidate (v2): accuracy drop on N FER2013 training faces outside the run's replay sample (the forgetting check's kind of faces; a seeded draw, not retrain's) and on the unseen test faces. Args: N LOOP_WORK... (compiled with the other tools here, as study.sh does: java -cp training/target/ferstream-training.jar:CLASSES Anchor 3000 /tmp/ferstream-loop-*) */
public class Anchor {
  public static void main(String[] a) throws Exception {
    Path data = Path.of(System.getenv().getOrDefault("FER_DATA", "../shared/data/fer2013"));
    List<Face> all = FaceReader.read(data.resolve("train.csv.gz"), ReadOptions.strict()).faces();
    Map<String,Integer> labels = LabelFile.read(data.resolve("test_labels.csv"));
    int n = Integer.parseInt(a[0]);
    for (int k = 1; k < a.length; k++) {
      Path w = Path.of(a[k]);
      Set<String> seen = new HashSet<>();
      for (String f : new String[]{"replay.csv", "replay-cameras.csv"}) {
        Path p = w.resolve("retrain").resolve(f);
        if (Files.exists(p)) for (Face face : FaceReader.read(p, ReadOptions.strict()).faces()) seen.add(Arrays.toString(face.pixels()));
      }
      List<Face> anchor = new ArrayList<>();
      for (Face f : all) if (!seen.contains(Arrays.toString(f.pixels()))) anchor.add(f);
      Collections.shuffle(anchor, new Random(11));
      anchor = anchor.subList(0, n);
      List<Face> unseen = FaceReader.read(w.resolve("unseen.csv"), ReadOptions.strict()).withLabels(labels, null).faces();
      MultiLayerNetwork v1 = ModelBundle.load(w.resolve("registry/fer-vgg/v1")).network();
      MultiLayerNetwork v2 = ModelBundle.load(w.resolve("registry/fer-vgg/v2")).network();
      double a1 = Wise.acc(v1, anchor), a2 = Wise.acc(v2, anchor), u1 = Wise.acc(v1, unseen), u2 = Wise.acc(v2, unseen);
      System.out.printf("%s seen=%d anchor %.4f -> %.4f (%+.4f) unseen %.4f -> %.4f (%+.4f)%n", w.getFileName(), seen.size(), a1, a2, a2 - a1, u1, u2, u2 - u1);
    }
  }
}
