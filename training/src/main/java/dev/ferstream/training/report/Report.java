package dev.ferstream.training.report;

import dev.ferstream.training.compare.Comparison;

import java.util.List;

/**
 * Everything the report shows; image fields are file names beside the report (null when a part did not apply).
 * {@link ReportWriter} links them from report.md and embeds them in report.html.
 *
 * @param models          the analysed model first, then the compared one
 * @param evaluationSet   what the confusion matrices are on: {@link EvaluationFaces#VALIDATION} or {@link EvaluationFaces#TEST}
 * @param curvesImage     training-curves.png, or null when no bundle had metrics
 * @param confusionImages one per model, same order
 * @param misclassifiedImage 3x3 grid of wrong validation faces of the first model
 * @param saliencyImage   rows of face, then one overlay per saliency method
 * @param saliencyScores  deletion-test score and cost per method, the random baseline last
 * @param convLayers      per conv layer of the first model: its name and its filters, activations and ascent images
 * @param ascentSettings  e.g. "500 iterations, step 0.1"
 * @param observations    sentences from the numbers
 * @param timings         seconds per part
 * @param comparison      the two models paired on the same faces (McNemar), or null: one model, or the two were
 *                        evaluated on different faces (their own validation splits differ)
 */
public record Report(List<ModelFacts> models, String evaluationSet, String curvesImage, List<String> confusionImages,
                     String misclassifiedImage, String saliencyImage, List<SaliencyScore> saliencyScores,
                     List<ConvFigures> convLayers, String ascentSettings, List<String> observations, List<PartTimings.Part> timings,
                     Comparison comparison) {

    /** The three figures of one convolution layer. */
    public record ConvFigures(String layer, String description, String filtersImage, String activationsImage, String ascentImage) {
    }
}
