package dev.ferstream.data;

import dev.ferstream.model.Emotion;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Image folder trees {@code <emotion name>/*.png|jpg} (optionally {@code <split>/<emotion name>/...}, chosen with
 * the usage option). Images are converted to grey and resized to 48x48 when they are not already.
 */
final class ImageFolderReader {
    private ImageFolderReader() {
    }

    static FaceData read(Path root, ReadOptions options) {
        Path base = options.usage() == null ? root : root.resolve(options.usage());
        if (!Files.isDirectory(base)) {
            throw new DataFormatException(base, 0, "no such split folder");
        }
        List<Face> faces = new ArrayList<>();
        List<BadRow> skipped = new ArrayList<>();
        boolean anyEmotionFolder = false;
        for (Emotion emotion : Emotion.values()) {
            Path folder = findFolder(base, emotion);
            if (folder == null) {
                continue;
            }
            anyEmotionFolder = true;
            for (Path image : images(folder)) {
                try {
                    faces.add(new Face(base.relativize(image).toString(), ImageDecoding.toGray48(read(image)), emotion.index(), 0));
                } catch (IllegalArgumentException e) {
                    if (!options.skipBad()) {
                        throw new DataFormatException(image, 0, e.getMessage() + " (use --skip-bad to skip such files)");
                    }
                    skipped.add(new BadRow(faces.size() + skipped.size() + 1, image + ": " + e.getMessage()));
                }
            }
        }
        if (!anyEmotionFolder) {
            throw new DataFormatException(base, 0, "no emotion folders found; expected sub-folders named "
                    + String.join(", ", Emotion.labels()));
        }
        return new FaceData(root, DataLayout.IMAGE_FOLDERS, faces, skipped);
    }

    private static Path findFolder(Path base, Emotion emotion) {
        try (Stream<Path> children = Files.list(base)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().equalsIgnoreCase(emotion.label()))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            throw FaceReader.unchecked(base, e);
        }
    }

    private static List<Path> images(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
            }).sorted().toList();
        } catch (IOException e) {
            throw FaceReader.unchecked(folder, e);
        }
    }

    private static BufferedImage read(Path image) {
        try {
            BufferedImage img = ImageIO.read(image.toFile());
            if (img == null) {
                throw new IllegalArgumentException("not a readable PNG/JPEG image");
            }
            return img;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode image: " + e.getMessage());
        }
    }
}
