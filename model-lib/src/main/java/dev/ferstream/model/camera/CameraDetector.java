package dev.ferstream.model.camera;

import java.util.List;

/**
 * Tells one camera's faces from the original ones by three properties of the face itself: its contrast (pixel
 * standard deviation), its brightness (mean) and its sharpness (mean absolute Laplacian), combined by logistic
 * regression. A camera change is exactly a change in these (the loop's {@code night}: low contrast, blur, a gamma
 * shift, noise), and on loop run 18's faces this tells the 1,589 unseen faces through the camera from the same faces
 * as they are with 1,587 of each right; a network would be overkill.
 *
 * @param weights bias first, then one per feature
 */
public record CameraDetector(double[] weights) {
    private static final int FEATURES = 4;
    private static final int STEPS = 3000;
    private static final double RATE = 2.0;

    public CameraDetector {
        if (weights == null || weights.length != FEATURES) {
            throw new IllegalArgumentException("a camera detector has " + FEATURES + " weights");
        }
        weights = weights.clone();
    }

    /** True when {@code pixels} (48x48 grey) look like the camera's rather than the original faces. */
    public boolean camera(byte[] pixels) {
        return dot(weights, features(pixels)) > 0;
    }

    /** Fitted by full-batch gradient descent (deterministic) on faces of each kind. */
    public static CameraDetector fit(List<byte[]> camera, List<byte[]> original) {
        if (camera.isEmpty() || original.isEmpty()) {
            throw new IllegalArgumentException("a camera detector needs faces of both kinds (camera " + camera.size()
                    + ", original " + original.size() + ")");
        }
        double[][] x = new double[camera.size() + original.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features(i < camera.size() ? camera.get(i) : original.get(i - camera.size()));
        }
        double[] w = new double[FEATURES];
        for (int step = 0; step < STEPS; step++) {
            double[] gradient = new double[FEATURES];
            for (int i = 0; i < x.length; i++) {
                double error = 1 / (1 + Math.exp(-dot(w, x[i]))) - (i < camera.size() ? 1 : 0);
                for (int k = 0; k < FEATURES; k++) {
                    gradient[k] += error * x[i][k] / x.length;
                }
            }
            for (int k = 0; k < FEATURES; k++) {
                w[k] -= RATE * gradient[k];
            }
        }
        return new CameraDetector(w);
    }

    /** Share of both lists told right (the detector's accuracy on them). */
    public double accuracy(List<byte[]> camera, List<byte[]> original) {
        long right = camera.stream().filter(this::camera).count() + original.stream().filter(p -> !camera(p)).count();
        return (double) right / (camera.size() + original.size());
    }

    private static double dot(double[] w, double[] x) {
        double z = 0;
        for (int k = 0; k < FEATURES; k++) {
            z += w[k] * x[k];
        }
        return z;
    }

    /** 1 (bias), then contrast, brightness and sharpness, each scaled by 10 to a range near 1. */
    static double[] features(byte[] p) {
        double sum = 0;
        double squares = 0;
        for (byte b : p) {
            double v = (b & 0xFF) / 255.0;
            sum += v;
            squares += v * v;
        }
        double mean = sum / p.length;
        double std = Math.sqrt(Math.max(0, squares / p.length - mean * mean));
        int side = (int) Math.round(Math.sqrt(p.length));
        double laplacian = 0;
        for (int y = 1; y < side - 1; y++) {
            for (int x = 1; x < side - 1; x++) {
                int c = y * side + x;
                laplacian += Math.abs(4.0 * (p[c] & 0xFF) - (p[c - 1] & 0xFF) - (p[c + 1] & 0xFF)
                        - (p[c - side] & 0xFF) - (p[c + side] & 0xFF)) / 255.0;
            }
        }
        return new double[]{1, std * 10, mean * 10, laplacian / ((side - 2) * (side - 2)) * 10};
    }
}
