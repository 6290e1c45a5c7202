package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A fixed, seeded transformation of faces that stands for another camera, so that the feedback loop (a champion that
 * loses accuracy on a new camera, retrains on the faces it sees, and recovers) can be shown on FER2013 alone. It acts
 * on raw pixels, in the order light meets a real camera: the lens blurs, the tone curve sets gamma and contrast, the
 * sensor adds noise, and the result is rounded and clipped to 0..255.
 *
 * <p>Deterministic per face: the noise is seeded from the preset's seed and the face <em>id</em> (not its position),
 * so {@code ferstream replay --camera night} and {@code ferstream evaluate --camera night} on the same file see the
 * same pixels whatever subset or order is taken, and two faces get different noise.
 *
 * @param name       the preset's name, as given to {@code --camera}
 * @param blurSigma  standard deviation in pixels of a Gaussian blur (edges replicated); 0 = none. A 48x48 face has
 *                   features (eye corners, mouth lines) only a few pixels wide, so even sigma 1 softens them
 * @param gamma      tone curve exponent on values in 0..1: above 1 darkens the mid-tones (an underexposed camera),
 *                   below 1 brightens them; 1 = none
 * @param contrast   factor (0, 1] that squeezes the tone range towards mid grey after the gamma: 0.5 keeps half the
 *                   range (a hazy, flat picture); 1 = none
 * @param noiseSigma standard deviation in grey levels of additive Gaussian sensor noise, drawn per pixel; 0 = none
 * @param seed       mixed with each face's id to seed its noise
 */
public record CameraShift(String name, double blurSigma, double gamma, double contrast, double noiseSigma, long seed) {
    /**
     * A dim, cheap camera at night, chosen by measurement (docs/training.md, "Camera shift") so the shipped champion
     * clearly loses accuracy yet still gets half the faces right, leaving fine-tuning something to recover: fer-vgg
     * 0.7055 to 0.5219 on FER2013's 3,589 test faces. Blur costs the most; each step alone costs far less than all four.
     */
    public static final CameraShift NIGHT = new CameraShift("night", 0.8, 1.3, 0.65, 6, 0x6E69676874L);
    /** A milder version of {@link #NIGHT} (dusk): fer-vgg 0.7055 to 0.6408 on the test faces. */
    public static final CameraShift DUSK = new CameraShift("dusk", 0.6, 1.2, 0.75, 5, 0x6475736BL);
    /** Every preset, in the order {@code --camera}'s help lists them. */
    public static final List<CameraShift> PRESETS = List.of(NIGHT, DUSK);

    private static final int SIDE = Architecture.SIDE;

    /** The ranges {@link #random} draws from; both presets lie inside them. */
    static final double RANDOM_MAX_BLUR = 1.2;
    static final double RANDOM_MAX_GAMMA_FACTOR = 1.5;
    static final double RANDOM_MIN_CONTRAST = 0.5;
    static final double RANDOM_MAX_NOISE = 8;

    public CameraShift {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("camera shift: name must not be blank");
        }
        if (!(blurSigma >= 0 && blurSigma <= 5) || !(gamma > 0 && gamma <= 5) || !(contrast > 0 && contrast <= 1)
                || !(noiseSigma >= 0 && noiseSigma <= 128)) {
            throw new IllegalArgumentException("camera shift " + name + ": need blur sigma in [0, 5], gamma in (0, 5], "
                    + "contrast in (0, 1] and noise sigma in [0, 128], got " + blurSigma + ", " + gamma + ", "
                    + contrast + ", " + noiseSigma);
        }
    }

    /**
     * Some camera, drawn at random: blur sigma uniform in [0, 1.2] px, gamma log-uniform in [1/1.5, 1.5], contrast
     * uniform in [0.5, 1], noise sigma uniform in [0, 8] grey levels. For training that should not depend on one
     * camera's tone and sharpness (retrain shows part of its replayed FER2013 faces through such cameras): the family
     * is generic photometric jitter, wide enough to hold both presets, and says nothing about which one is in use.
     */
    public static CameraShift random(Random random) {
        double blur = random.nextDouble() * RANDOM_MAX_BLUR;
        double gamma = Math.exp((random.nextDouble() * 2 - 1) * Math.log(RANDOM_MAX_GAMMA_FACTOR));
        double contrast = RANDOM_MIN_CONTRAST + random.nextDouble() * (1 - RANDOM_MIN_CONTRAST);
        double noise = random.nextDouble() * RANDOM_MAX_NOISE;
        return new CameraShift("random", blur, gamma, contrast, noise, random.nextLong());
    }

    /** The preset called {@code name}; an unknown name gets one line that lists the known ones. */
    public static CameraShift named(String name) {
        return PRESETS.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown camera '" + name + "'; known: " + names()));
    }

    /** The presets' names, comma-separated, for help and error messages. */
    public static String names() {
        return PRESETS.stream().map(CameraShift::name).collect(Collectors.joining(", "));
    }

    /** The face as this camera would have taken it: same id, label and line, new pixels. */
    public Face apply(Face face) {
        return new Face(face.id(), apply(face.pixels(), face.id()), face.label(), face.line());
    }

    /** Every face shifted, in order. */
    public List<Face> apply(List<Face> faces) {
        return faces.stream().map(this::apply).toList();
    }

    /** The faces shifted, with the same source, layout and skipped rows. */
    public FaceData apply(FaceData data) {
        return new FaceData(data.source(), data.format(), apply(data.faces()), data.skipped());
    }

    /** Shifted copy of 2,304 raw pixels; the noise is seeded by {@code id}, so the same id gives the same pixels. */
    public byte[] apply(byte[] pixels, String id) {
        double[] image = new double[Architecture.PIXELS];
        for (int i = 0; i < image.length; i++) {
            image[i] = (pixels[i] & 0xFF) / 255.0;
        }
        if (blurSigma > 0) {
            image = blur(image, kernel(blurSigma));
        }
        Random noise = new Random(seed ^ fnv1a(id));
        byte[] out = new byte[Architecture.PIXELS];
        for (int i = 0; i < image.length; i++) {
            double tone = 0.5 + contrast * (Math.pow(image[i], gamma) - 0.5);
            double value = tone * 255 + (noiseSigma > 0 ? noise.nextGaussian() * noiseSigma : 0);
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(value)));
        }
        return out;
    }

    /** One line for logs and reports, e.g. {@code night (blur 0.8 px, gamma 1.30, contrast 0.65, noise 6)}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s (blur %.1f px, gamma %.2f, contrast %.2f, noise %.0f)",
                name, blurSigma, gamma, contrast, noiseSigma);
    }

    /** A normalised Gaussian kernel of radius ceil(3 sigma). */
    private static double[] kernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable blur, rows then columns, edge pixels repeated beyond the border. */
    private static double[] blur(double[] image, double[] k) {
        int radius = k.length / 2;
        double[] rows = new double[image.length];
        double[] out = new double[image.length];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double sum = 0;
                for (int j = -radius; j <= radius; j++) {
                    sum += k[j + radius] * image[y * SIDE + clamp(x + j)];
                }
                rows[y * SIDE + x] = sum;
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double sum = 0;
                for (int j = -radius; j <= radius; j++) {
                    sum += k[j + radius] * rows[clamp(y + j) * SIDE + x];
                }
                out[y * SIDE + x] = sum;
            }
        }
        return out;
    }

    private static int clamp(int i) {
        return Math.max(0, Math.min(SIDE - 1, i));
    }

    /** 64-bit FNV-1a of the id's UTF-8 bytes: stable across JVMs and releases, unlike {@code String.hashCode} mixing. */
    static long fnv1a(String id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
