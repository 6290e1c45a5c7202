package dev.ferstream.training.cli;

import dev.ferstream.data.Face;
import dev.ferstream.data.FaceData;
import dev.ferstream.model.inference.Classifier;
import dev.ferstream.model.inference.FaceClassifier;
import dev.ferstream.model.bundle.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ferstream predict}: writes the homework's submission file ({@code id,label}). */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict labels for faces and write id,label rows (the homework's submission format).")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model bundle directory")
    Path model;
    @Mixin
    DataOptions data;
    @Option(names = "--out", required = true, description = "output CSV, e.g. submission.csv")
    Path out;
    @Mixin
    TtaOption ttaOption;
    @Mixin
    EngineOption engineOption;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = ModelBundle.load(model);
        FaceData faces = data.read(false);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (BufferedWriter writer = Files.newBufferedWriter(out)) {
            writer.write("id,label\n");
            List<Face> all = faces.faces();
            float[][] probs;
            try (FaceClassifier classifier = engineOption.classifier(bundle, ttaOption.tta)) {
                probs = classifier.probabilities(all.stream().map(Face::pixels).toList(), EvaluateCommand.BATCH);
            }
            for (int i = 0; i < probs.length; i++) {
                writer.write(all.get(i).id() + "," + Classifier.argmax(probs[i]) + "\n");
            }
        }
        System.err.println("wrote " + faces.size() + " predictions to " + out);
        return 0;
    }
}
