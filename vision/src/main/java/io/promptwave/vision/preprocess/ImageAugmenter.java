package io.promptwave.vision.preprocess;

import io.promptwave.vision.Image;
import io.promptwave.vision.opencv.ImageTransforms;
import java.util.SplittableRandom;

/**
 * Degrades images the way photos, scans and screenshots are degraded, for training: a small
 * turn, a perspective warp, blur, lost contrast, sensor noise and JPEG artefacts, each applied with
 * its {@link AugmentationConfig} probability and a magnitude drawn up to its limit, in that order.
 * The same image and seed always give the same pixels.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageAugmenter {
    private final AugmentationConfig config;

    /** @param config which degradations to apply */
    public ImageAugmenter(AugmentationConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /** @return the configuration */
    public AugmentationConfig config() {
        return config;
    }

    /**
     * @param image the clean image
     * @param seed picks which degradations apply and how strongly
     * @return a degraded copy, same size and channels
     */
    public Image augment(Image image, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Image out = image;
        if (draws(config.rotation(), random)) {
            out = ImageTransforms.rotated(out, symmetric(random, config.rotation().magnitude()));
        }
        if (draws(config.perspective(), random)) {
            double reach = config.perspective().magnitude() * out.height();
            float w = out.width() - 1;
            float h = out.height() - 1;
            float[] corners = {0, 0, w, 0, w, h, 0, h};
            for (int i = 0; i < corners.length; i++) {
                corners[i] += (float) symmetric(random, reach);
            }
            out = ImageTransforms.warped(out, corners);
        }
        if (draws(config.blur(), random)) {
            out = ImageTransforms.blurred(out, random.nextDouble(0.3, Math.max(0.31, config.blur().magnitude())));
        }
        if (draws(config.contrast(), random)) {
            double loss = random.nextDouble() * config.contrast().magnitude();
            double shift = symmetric(random, loss / 2);
            out = contrast(out, 1 - loss, shift);
        }
        if (draws(config.noise(), random)) {
            out = noise(out, random.nextDouble() * config.noise().magnitude() * 255, random.nextLong());
        }
        if (draws(config.jpeg(), random)) {
            out = ImageTransforms.jpegRoundTrip(out, 100 - (int) Math.round(random.nextDouble() * config.jpeg().magnitude()));
        }
        return out;
    }

    private static boolean draws(AugmentationConfig.Effect effect, SplittableRandom random) {
        // draw even for an effect that is off, so turning one effect off leaves the others' draws as they were
        boolean hit = random.nextDouble() < effect.probability();
        return hit && !effect.off();
    }

    private static double symmetric(SplittableRandom random, double limit) {
        return limit == 0 ? 0 : random.nextDouble(-limit, limit);
    }

    /** Scales pixel values about mid-gray by {@code gain} and shifts them by {@code shift} of full scale. */
    private static Image contrast(Image image, double gain, double shift) {
        byte[] pixels = image.pixels();
        for (int i = 0; i < pixels.length; i++) {
            double v = ((pixels[i] & 0xff) - 127.5) * gain + 127.5 + shift * 255;
            pixels[i] = (byte) clamp(v);
        }
        return Image.wrap(pixels, image.width(), image.height(), image.channels(), image.source());
    }

    private static Image noise(Image image, double std, long seed) {
        java.util.Random gaussian = new java.util.Random(seed);
        byte[] pixels = image.pixels();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) clamp((pixels[i] & 0xff) + gaussian.nextGaussian() * std);
        }
        return Image.wrap(pixels, image.width(), image.height(), image.channels(), image.source());
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
