package dev.ferstream.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The camera shift: deterministic per face id, different noise per id, the presets, and each step's effect. */
class CameraShiftTest {
    private static final CameraShift NOISE_ONLY = new CameraShift("noise", 0, 1, 1, 10, 1);

    @Test
    void sameIdGivesTheSamePixelsDifferentIdsDifferentNoise() {
        byte[] pixels = TestFaces.pixels(3);
        byte[] first = CameraShift.NIGHT.apply(pixels, "42");
        assertArrayEquals(first, CameraShift.NIGHT.apply(pixels.clone(), "42"));
        assertArrayEquals(first, CameraShift.named("night").apply(new Face("42", pixels, 1, 9)).pixels());
        byte[] other = CameraShift.NIGHT.apply(pixels, "43");
        int differing = 0;
        for (int i = 0; i < pixels.length; i++) {
            differing += first[i] != other[i] ? 1 : 0;
        }
        assertTrue(differing > 1500, "noise of ids 42 and 43 differs on " + differing + " of 2304 pixels");
    }

    /** A fixed pixel pins the whole chain (tone curve, noise stream, rounding) so a change to either shows up here. */
    @Test
    void pixelsAreStableAcrossRuns() {
        byte[] grey = new byte[2304];
        java.util.Arrays.fill(grey, (byte) 128);
        byte[] shifted = CameraShift.NIGHT.apply(grey, "0");
        // blur leaves a flat face flat; tone: 0.5 + 0.65 * ((128/255)^1.3 - 0.5) = 0.4403 -> 112.3 grey levels, then noise
        assertEquals(112.3, 0.5 * 255 + 0.65 * 255 * (Math.pow(128 / 255.0, 1.3) - 0.5), 0.05);
        double mean = 0;
        for (byte b : shifted) {
            mean += (b & 0xFF) / 2304.0;
        }
        assertEquals(112.3, mean, 0.4, "noise has mean zero");
        assertArrayEquals(shifted, CameraShift.NIGHT.apply(grey, "0"));
        assertEquals(0xcbf29ce484222325L, CameraShift.fnv1a(""));
        assertEquals(0xaf63dc4c8601ec8cL, CameraShift.fnv1a("a"), "FNV-1a 64 of 'a' (published test vector)");
    }

    @Test
    void noiseHasTheDocumentedStandardDeviation() {
        byte[] grey = new byte[2304];
        java.util.Arrays.fill(grey, (byte) 128);
        byte[] noisy = NOISE_ONLY.apply(grey, "face-7");
        double sum = 0;
        double squares = 0;
        for (byte b : noisy) {
            double d = (b & 0xFF) - 128;
            sum += d;
            squares += d * d;
        }
        double sd = Math.sqrt(squares / 2304 - Math.pow(sum / 2304, 2));
        assertEquals(10, sd, 0.6);
    }

    @Test
    void blurSpreadsOneBrightPixelAndKeepsItsMass() {
        byte[] dot = new byte[2304];
        dot[24 * 48 + 24] = (byte) 255;
        CameraShift blurOnly = new CameraShift("blur", 1.0, 1, 1, 0, 1);
        byte[] blurred = blurOnly.apply(dot, "x");
        // 2-D Gaussian with sigma 1: the centre keeps 1 / (2 pi) of the mass after normalisation over radius 3
        assertEquals(41, blurred[24 * 48 + 24] & 0xFF, 1);
        assertEquals(25, blurred[24 * 48 + 25] & 0xFF, 1);
        int total = 0;
        for (byte b : blurred) {
            total += b & 0xFF;
        }
        assertEquals(255, total, 6, "blur keeps the total brightness (up to rounding)");
    }

    @Test
    void toneCurveSqueezesTheRangeTowardsMidGrey() {
        byte[] ramp = new byte[2304];
        ramp[0] = 0;
        ramp[1] = (byte) 255;
        CameraShift flat = new CameraShift("flat", 0, 2, 0.5, 0, 1);
        byte[] out = flat.apply(ramp, "r");
        assertEquals(64, out[0] & 0xFF, "black -> 0.5 - 0.5 * 0.5 = 0.25");
        assertEquals(191, out[1] & 0xFF, "white -> 0.75");
    }

    @Test
    void keepsIdLabelAndLineOfEachFace() {
        List<Face> faces = List.of(new Face("a", TestFaces.pixels(1), 3, 2), new Face("b", TestFaces.pixels(2), -1, 3));
        FaceData data = new FaceData(Path.of("x.csv"), DataLayout.HW3_IDS, faces, List.of());
        FaceData shifted = CameraShift.DUSK.apply(data);
        assertEquals(List.of("a", "b"), shifted.faces().stream().map(Face::id).toList());
        assertEquals(List.of(3, -1), shifted.faces().stream().map(Face::label).toList());
        assertEquals(List.of(2L, 3L), shifted.faces().stream().map(Face::line).toList());
        assertSame(data.source(), shifted.source());
        assertFalse(java.util.Arrays.equals(faces.get(0).pixels(), shifted.faces().get(0).pixels()));
    }

    @Test
    void presetsByNameAndOneLineForAnUnknownName() {
        assertSame(CameraShift.NIGHT, CameraShift.named("night"));
        assertSame(CameraShift.DUSK, CameraShift.named("dusk"));
        assertEquals("night, dusk", CameraShift.names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CameraShift.named("fisheye"));
        assertEquals("unknown camera 'fisheye'; known: night, dusk", e.getMessage());
    }

    @Test
    void rejectsParametersOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CameraShift("bad", 0, 1, 0, 0, 1));
        assertTrue(e.getMessage().startsWith("camera shift bad: need"), e.getMessage());
    }

    /** Random cameras are seeded, stay in the documented ranges, and those ranges hold both presets. */
    @Test
    void randomCamerasAreSeededAndStayInTheirRanges() {
        java.util.Random a = new java.util.Random(5);
        java.util.Random b = new java.util.Random(5);
        for (int i = 0; i < 1000; i++) {
            CameraShift c = CameraShift.random(a);
            assertEquals(c, CameraShift.random(b), "same seed, same camera");
            assertTrue(c.blurSigma() >= 0 && c.blurSigma() <= CameraShift.RANDOM_MAX_BLUR, c.describe());
            assertTrue(c.gamma() >= 1 / CameraShift.RANDOM_MAX_GAMMA_FACTOR - 1e-12
                    && c.gamma() <= CameraShift.RANDOM_MAX_GAMMA_FACTOR + 1e-12, c.describe());
            assertTrue(c.contrast() >= CameraShift.RANDOM_MIN_CONTRAST && c.contrast() <= 1, c.describe());
            assertTrue(c.noiseSigma() >= 0 && c.noiseSigma() <= CameraShift.RANDOM_MAX_NOISE, c.describe());
        }
        for (CameraShift preset : CameraShift.PRESETS) {
            assertTrue(preset.blurSigma() <= CameraShift.RANDOM_MAX_BLUR && preset.gamma() <= CameraShift.RANDOM_MAX_GAMMA_FACTOR
                    && preset.contrast() >= CameraShift.RANDOM_MIN_CONTRAST
                    && preset.noiseSigma() <= CameraShift.RANDOM_MAX_NOISE, preset.name() + " lies inside the random family");
        }
    }
}
