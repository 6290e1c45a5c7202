package dev.ferstream.render;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Loss and accuracy per epoch, training vs validation, one pair of XChart line charts per model stacked in one
 * image (a chart library draws the axes and legends, so the scales are right without hand-made ticks).
 */
public final class TrainingCurves {
    private static final int WIDTH = 520;
    private static final int HEIGHT = 340;

    /** One model's curves. */
    public record Series(String model, double[] epochs, double[] trainLoss, double[] validationLoss,
                         double[] trainAccuracy, double[] validationAccuracy) {
    }

    private TrainingCurves() {
    }

    public static BufferedImage render(List<Series> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no training curves to draw");
        }
        BufferedImage out = new BufferedImage(2 * WIDTH, models.size() * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int m = 0; m < models.size(); m++) {
            Series s = models.get(m);
            g.drawImage(BitmapEncoder.getBufferedImage(chart(s.model() + ": loss", "cross-entropy", s.epochs(),
                    s.trainLoss(), s.validationLoss())), 0, m * HEIGHT, null);
            g.drawImage(BitmapEncoder.getBufferedImage(chart(s.model() + ": accuracy", "accuracy", s.epochs(),
                    s.trainAccuracy(), s.validationAccuracy())), WIDTH, m * HEIGHT, null);
        }
        g.dispose();
        return out;
    }

    private static XYChart chart(String title, String yTitle, double[] x, double[] train, double[] validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(5);
        chart.addSeries("train", x, train).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("validation", x, validation).setMarker(SeriesMarkers.DIAMOND);
        return chart;
    }
}
