package dev.ferstream.explain;

import java.util.List;

/**
 * A set of equally sized single-channel maps (filter kernels, activation channels, synthesised images), row-major,
 * unscaled: the renderer decides how to map values to grey levels.
 *
 * @param width  map width
 * @param height map height
 * @param maps   one array of width * height values per map
 */
public record FeatureMaps(int width, int height, List<float[]> maps) {
    public FeatureMaps {
        maps = List.copyOf(maps);
        for (float[] map : maps) {
            if (map.length != width * height) {
                throw new IllegalArgumentException("map of " + map.length + " values is not " + width + "x" + height);
            }
        }
    }

    public int count() {
        return maps.size();
    }
}
