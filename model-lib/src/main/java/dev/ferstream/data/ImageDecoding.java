package dev.ferstream.data;

import dev.ferstream.model.arch.Architecture;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Turns any decoded image into the network's input: 8-bit grey, 48x48. Shared by the folder reader and the
 * stream's PNG/JPEG decoding so both see identical pixels.
 */
public final class ImageDecoding {
    private ImageDecoding() {
    }

    /** Decodes PNG or JPEG bytes to 48x48 grey pixels. */
    public static byte[] decodeToGray48(byte[] encoded) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(encoded));
            if (img == null) {
                throw new IllegalArgumentException("bytes are not a decodable PNG/JPEG image");
            }
            return toGray48(img);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode image: " + e.getMessage());
        }
    }

    public static byte[] toGray48(BufferedImage img) {
        int side = Architecture.SIDE;
        BufferedImage gray = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, side, side, null);
        g.dispose();
        byte[] out = new byte[Architecture.PIXELS];
        gray.getRaster().getDataElements(0, 0, side, side, out);
        return out;
    }

    /** Encodes 48x48 grey pixels as a PNG (for tests, the replay producer and reports). */
    public static byte[] encodePng(byte[] pixels) {
        int side = Architecture.SIDE;
        BufferedImage gray = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setDataElements(0, 0, side, side, pixels);
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ImageIO.write(gray, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }
}
