import dev.ferstream.data.*;
import java.nio.file.*;
import java.util.*;
import java.io.*;

/** A seeded sample of N FER2013 training faces as a label,feature CSV, each through a random camera with probability P. Args: OUT N P [CAMERA_OUT]: with CAMERA_OUT the shifted faces go there and the rest to OUT (the same faces and draws). */
public class Jitter {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[1]); double p = Double.parseDouble(a[2]);
    List<Face> train = new ArrayList<>(FaceReader.read(Path.of(System.getenv().getOrDefault("FER_DATA", "../shared/data/fer2013"), "train.csv.gz"), ReadOptions.strict()).faces());
    Collections.shuffle(train, new Random(11));
    Random r = new Random(5);
    Path camOut = Path.of(a.length > 3 ? a[3] : a[0]);
    try (PrintWriter plain = new PrintWriter(Files.newBufferedWriter(Path.of(a[0])));
         PrintWriter cam = a.length > 3 ? new PrintWriter(Files.newBufferedWriter(camOut)) : plain) {
      plain.println("label,feature");
      if (cam != plain) cam.println("label,feature");
      for (Face f : train.subList(0, n)) {
        byte[] px = f.pixels();
        PrintWriter w = plain;
        if (r.nextDouble() < p) {
          byte[] shifted = CameraShift.random(r).apply(px, f.id()); // the same draws, in the same order, as retrain's cameras
          if (System.getenv("JITTER_CLEAN") == null) px = shifted; // JITTER_CLEAN: the camera part as it was (train --camera-data shifts it per draw)
          w = cam;
        }
        StringBuilder sb = new StringBuilder().append(f.label()).append(',');
        for (int i = 0; i < px.length; i++) { if (i > 0) sb.append(' '); sb.append(px[i] & 0xFF); }
        w.println(sb);
      }
    }
  }
}
