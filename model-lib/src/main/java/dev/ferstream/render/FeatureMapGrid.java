package dev.ferstream.render;

import dev.ferstream.explain.FeatureMaps;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** A grid of feature maps (kernels, activation channels, ascent images), each min-max scaled to grey on its own. */
public final class FeatureMapGrid {
    private FeatureMapGrid() {
    }

    /** Tiles of about {@code tileSide} pixels (integer enlargement), 8 per row, numbered from 0. */
    public static BufferedImage of(String title, FeatureMaps maps, int tileSide) {
        int scale = Math.max(1, tileSide / Math.max(maps.width(), maps.height()));
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = 0; i < maps.count(); i++) {
            tiles.add(Images.grey(maps.maps().get(i), maps.width(), maps.height(), scale));
            captions.add(Integer.toString(i));
        }
        return ImageGrid.of(title, tiles, captions, 8);
    }
}
