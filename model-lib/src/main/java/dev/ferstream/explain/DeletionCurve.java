package dev.ferstream.explain;

/**
 * The predicted class's probability as the most salient pixels of a face are blanked, fraction by fraction.
 *
 * @param fractions     share of the pixels blanked at each point, rising from 0 to 1
 * @param probabilities the class's probability at each point
 */
public record DeletionCurve(double[] fractions, double[] probabilities) {
    public DeletionCurve {
        if (fractions.length != probabilities.length || fractions.length < 2) {
            throw new IllegalArgumentException("a deletion curve needs >= 2 points and as many probabilities as fractions, got "
                    + fractions.length + " and " + probabilities.length);
        }
        fractions = fractions.clone();
        probabilities = probabilities.clone();
    }

    /**
     * Area under the curve by the trapezoid rule over the blanked fraction (0..1). Lower is more faithful: the map
     * put first the pixels whose loss hurts the prediction most.
     */
    public double auc() {
        double area = 0;
        for (int i = 1; i < fractions.length; i++) {
            area += (fractions[i] - fractions[i - 1]) * (probabilities[i] + probabilities[i - 1]) / 2;
        }
        return area;
    }
}
