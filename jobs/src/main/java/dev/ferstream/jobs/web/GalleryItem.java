package dev.ferstream.jobs.web;

/**
 * One sampled saliency map with its face, for the gallery. Face and map travel as base64 of 2,304 bytes each (48x48,
 * row-major; the map scaled so its maximum is 255) and are drawn onto a canvas by the page, so the server never
 * encodes images. {@code face} is null when the face was not seen (the view started after it); {@code actual} is -1
 * until its label arrives. {@code modelVersion} is the version that predicted and explained it: during a roll-out the
 * gallery mixes versions.
 */
public record GalleryItem(String id, int predicted, int actual, double probability, String reason, String method,
                          String modelVersion, long eventTime, String face, String map) {
    GalleryItem withActual(int label) {
        return new GalleryItem(id, predicted, label, probability, reason, method, modelVersion, eventTime, face, map);
    }

    GalleryItem withFace(String pixels) {
        return new GalleryItem(id, predicted, actual, probability, reason, method, modelVersion, eventTime, pixels, map);
    }
}
