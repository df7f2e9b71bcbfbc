package dev.nabla.data.format;

import dev.nabla.data.InvalidDataException;
import dev.nabla.tensor.Shape;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Image files (PNG, JPEG, BMP, GIF, TIFF: whatever {@link ImageIO} decodes) as raw samples for a model
 * trained on images of shape {@code [C, H, W]}: values 0..255 per channel, like the datasets' pixels.
 *
 * <p>An image that does not match is made to fit, and every change is reported: colour becomes gray by
 * luminance {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R 601, as PIL's {@code convert("L")}), gray becomes
 * colour by repeating the channel, an alpha channel is ignored, and the size is changed by averaging the
 * source area under each target pixel (stretching it if the aspect ratio differs). A colour image whose
 * channels are all equal counts as gray.
 */
public final class ImageFormat {
    private ImageFormat() {}

    /**
     * Raw pixels of one sample and what was done to them.
     *
     * @param pixels {@code C·H·W} values 0..255 in row-major order of {@code shape}
     * @param changes one sentence per conversion, empty when the image already fitted
     */
    public record Fitted(float[] pixels, int[] shape, List<String> changes) {}

    /**
     * Reads {@code file} as a sample of {@code shape}.
     *
     * @throws IllegalArgumentException when {@code shape} is not an image shape with 1 or 3 channels
     * @throws InvalidDataException when the file is not an image ImageIO can decode
     */
    public static Fitted read(Path file, int[] shape) {
        requireImageShape(shape);
        BufferedImage image;
        try {
            image = Files.isRegularFile(file) ? ImageIO.read(file.toFile()) : null;
        } catch (IOException e) {
            throw new InvalidDataException(file + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InvalidDataException(file + (Files.isRegularFile(file) ? " is not an image this Java can decode"
                    + " (PNG, JPEG, BMP, GIF, TIFF) nor an IDX image file" : ": no such file"));
        }
        List<String> changes = new ArrayList<>();
        float[] pixels = pixels(image, changes);
        int channels = pixels.length / (image.getWidth() * image.getHeight());
        Fitted f = fit(pixels, new int[] {channels, image.getHeight(), image.getWidth()}, shape);
        changes.addAll(f.changes());
        return new Fitted(f.pixels(), f.shape(), List.copyOf(changes));
    }

    /**
     * Converts raw pixels of shape {@code from} ({@code [1 or 3, h, w]}) to {@code to}: channels first,
     * then the size.
     */
    public static Fitted fit(float[] pixels, int[] from, int[] to) {
        requireImageShape(from);
        requireImageShape(to);
        List<String> changes = new ArrayList<>();
        int h = from[1];
        int w = from[2];
        float[] x = pixels;
        if (from[0] == 3 && to[0] == 1) {
            x = luminance(x, h * w);
            changes.add("converted colour to gray (luminance 0.299 R + 0.587 G + 0.114 B)");
        } else if (from[0] == 1 && to[0] == 3) {
            x = new float[3 * h * w];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(pixels, 0, x, c * h * w, h * w);
            }
            changes.add("converted gray to colour (the same value in R, G and B)");
        }
        if (h != to[1] || w != to[2]) {
            x = resize(x, to[0], h, w, to[1], to[2]);
            boolean stretched = Math.abs((double) w / h - (double) to[2] / to[1]) > 0.01 * to[2] / to[1];
            changes.add(String.format(Locale.ROOT, "resized %d×%d to %d×%d pixels (width×height) by area averaging%s",
                    w, h, to[2], to[1], stretched ? ", stretching it: the aspect ratio changed" : ""));
        }
        return new Fitted(x, to.clone(), List.copyOf(changes));
    }

    private static void requireImageShape(int[] shape) {
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3) || shape[1] <= 0 || shape[2] <= 0) {
            throw new IllegalArgumentException("images fit samples of shape [1 or 3, H, W], not " + Shape.str(shape)
                    + ": the model does not take images");
        }
    }

    /** The pixels as [1, h, w] (gray) or [3, h, w] (colour), 0..255; notes an ignored alpha channel. */
    private static float[] pixels(BufferedImage image, List<String> changes) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = w * h;
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean translucent = false;
        float[] rgb = new float[3 * n];
        float[] g = new float[n];
        boolean allGray = true;
        // Gray samples are read from the raster: getRGB would pass them through a gamma conversion.
        double grayMax = gray ? (1 << image.getColorModel().getComponentSize(0)) - 1 : 255;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int argb = image.getRGB(x, y);
                translucent |= (argb >>> 24) != 0xFF;
                if (gray) {
                    g[i] = (float) (raster.getSample(x, y, 0) * 255.0 / grayMax);
                    continue;
                }
                int r = (argb >> 16) & 0xFF;
                int gr = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                rgb[i] = r;
                rgb[n + i] = gr;
                rgb[2 * n + i] = b;
                g[i] = r;
                allGray &= r == gr && gr == b;
            }
        }
        if (translucent && image.getColorModel().hasAlpha()) {
            changes.add("ignored the alpha channel (transparency)");
        }
        return gray || allGray ? g : rgb;
    }

    private static float[] luminance(float[] rgb, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.299 * rgb[i] + 0.587 * rgb[n + i] + 0.114 * rgb[2 * n + i]);
        }
        return out;
    }

    /**
     * Each target pixel is the mean of the source area it covers, source pixels weighted by the overlap;
     * shrinking averages whole blocks, enlarging repeats pixels and blends at their edges.
     */
    static float[] resize(float[] src, int channels, int h, int w, int toH, int toW) {
        float[] out = new float[channels * toH * toW];
        double sy = (double) h / toH;
        double sx = (double) w / toW;
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < toH; oy++) {
                double y0 = oy * sy;
                double y1 = y0 + sy;
                for (int ox = 0; ox < toW; ox++) {
                    double x0 = ox * sx;
                    double x1 = x0 + sx;
                    double sum = 0;
                    for (int iy = (int) y0; iy < Math.min(h, Math.ceil(y1)); iy++) {
                        double wy = Math.min(iy + 1, y1) - Math.max(iy, y0);
                        for (int ix = (int) x0; ix < Math.min(w, Math.ceil(x1)); ix++) {
                            double wx = Math.min(ix + 1, x1) - Math.max(ix, x0);
                            sum += wy * wx * src[(c * h + iy) * w + ix];
                        }
                    }
                    out[(c * toH + oy) * toW + ox] = (float) (sum / (sy * sx));
                }
            }
        }
        return out;
    }
}
