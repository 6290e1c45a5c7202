import dev.ferstream.data.*;
import java.nio.file.*;
import java.util.*;
import java.io.*;

/** A seeded sample of N FER2013 training faces as a label,feature CSV, each through a random camera with probability P. Args: OUT N P. */
public class Jitter {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[1]); double p = Double.parseDouble(a[2]);
    List<Face> train = new ArrayList<>(FaceReader.read(Path.of(System.getenv().getOrDefault("FER_DATA", "../shared/data/fer2013"), "train.csv.gz"), ReadOptions.strict()).faces());
    Collections.shuffle(train, new Random(11));
    Random r = new Random(5);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(a[0])))) {
      w.println("label,feature");
      for (Face f : train.subList(0, n)) {
        byte[] px = f.pixels();
        if (r.nextDouble() < p) {
          double blur = r.nextDouble() * 1.2, gamma = Math.exp((r.nextDouble() * 2 - 1) * Math.log(1.5));
          double contrast = 0.5 + r.nextDouble() * 0.5, noise = r.nextDouble() * 8;
          px = new CameraShift("jitter", blur, gamma, contrast, noise, r.nextLong()).apply(px, f.id());
        }
        StringBuilder sb = new StringBuilder().append(f.label()).append(',');
        for (int i = 0; i < px.length; i++) { if (i > 0) sb.append(' '); sb.append(px[i] & 0xFF); }
        w.println(sb);
      }
    }
  }
}
