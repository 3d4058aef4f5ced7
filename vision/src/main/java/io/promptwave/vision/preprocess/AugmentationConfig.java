package io.promptwave.vision.preprocess;

import java.util.Locale;

/**
 * Which degradations {@link ImageAugmenter} applies, how often (a probability each) and how
 * strongly (a largest magnitude each, drawn uniformly up to it). Immutable; start from
 * {@link #none()}, {@link #light()} or {@link #heavy()} and change with {@link #toBuilder()}.
 */
public final class AugmentationConfig {
    /** How often one degradation is applied and its largest magnitude. */
    public record Effect(double probability, double magnitude) {
        /** Checks the probability is 0 to 1 and the magnitude not negative. */
        public Effect {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be 0 to 1, got " + probability);
            }
            if (!(magnitude >= 0) || Double.isInfinite(magnitude)) {
                throw new IllegalArgumentException("magnitude must be finite and not negative, got " + magnitude);
            }
        }

        static final Effect OFF = new Effect(0, 0);

        boolean off() {
            return probability == 0 || magnitude == 0;
        }
    }

    private final Effect rotation;
    private final Effect perspective;
    private final Effect blur;
    private final Effect contrast;
    private final Effect noise;
    private final Effect jpeg;

    private AugmentationConfig(Builder b) {
        this.rotation = b.rotation;
        this.perspective = b.perspective;
        this.blur = b.blur;
        this.contrast = b.contrast;
        this.noise = b.noise;
        this.jpeg = b.jpeg;
    }

    /** @return no degradation: augmenting returns the image unchanged */
    public static AugmentationConfig none() {
        return new Builder().build();
    }

    /** @return mild degradations for training on clean renderings */
    public static AugmentationConfig light() {
        return new Builder().rotation(0.5, 1.5).perspective(0.3, 0.04).blur(0.3, 0.8).contrast(0.5, 0.4)
                .noise(0.3, 0.04).jpeg(0.3, 50).build();
    }

    /** @return strong degradations: the low-resource "photo of a printout" domain */
    public static AugmentationConfig heavy() {
        return new Builder().rotation(0.8, 3).perspective(0.7, 0.08).blur(0.8, 1.2).contrast(0.9, 0.6)
                .noise(0.8, 0.10).jpeg(0.8, 85).build();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rotation = rotation;
        b.perspective = perspective;
        b.blur = blur;
        b.contrast = contrast;
        b.noise = noise;
        b.jpeg = jpeg;
        return b;
    }

    /** @return turn by up to {@code magnitude} degrees either way */
    public Effect rotation() {
        return rotation;
    }

    /** @return move each corner by up to {@code magnitude} times the image height */
    public Effect perspective() {
        return perspective;
    }

    /** @return Gaussian blur of up to {@code magnitude} pixels sigma */
    public Effect blur() {
        return blur;
    }

    /** @return reduce contrast by up to {@code magnitude} (0.4: to 60 %), with a brightness shift of up to half that */
    public Effect contrast() {
        return contrast;
    }

    /** @return Gaussian pixel noise of up to {@code magnitude} times full scale standard deviation */
    public Effect noise() {
        return noise;
    }

    /** @return JPEG compression, quality down to {@code 100 - magnitude} */
    public Effect jpeg() {
        return jpeg;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "rotation %s, perspective %s, blur %s, contrast %s, noise %s, jpeg %s",
                rotation, perspective, blur, contrast, noise, jpeg);
    }

    /** Builds an {@link AugmentationConfig}; every effect starts off. */
    public static final class Builder {
        private Effect rotation = Effect.OFF;
        private Effect perspective = Effect.OFF;
        private Effect blur = Effect.OFF;
        private Effect contrast = Effect.OFF;
        private Effect noise = Effect.OFF;
        private Effect jpeg = Effect.OFF;

        private Builder() {
        }

        /** @param maxDegrees largest turn either way, at most 45 */
        public Builder rotation(double probability, double maxDegrees) {
            this.rotation = new Effect(probability, checkAtMost(maxDegrees, 45, "rotation"));
            return this;
        }

        /** @param maxFraction largest corner move as a fraction of the height, at most 0.3 */
        public Builder perspective(double probability, double maxFraction) {
            this.perspective = new Effect(probability, checkAtMost(maxFraction, 0.3, "perspective"));
            return this;
        }

        /** @param maxSigma largest blur sigma in pixels, at most 10 */
        public Builder blur(double probability, double maxSigma) {
            this.blur = new Effect(probability, checkAtMost(maxSigma, 10, "blur"));
            return this;
        }

        /** @param maxLoss largest loss of contrast, below 1 */
        public Builder contrast(double probability, double maxLoss) {
            this.contrast = new Effect(probability, checkAtMost(maxLoss, 0.95, "contrast"));
            return this;
        }

        /** @param maxStd largest noise standard deviation as a fraction of full scale, at most 0.5 */
        public Builder noise(double probability, double maxStd) {
            this.noise = new Effect(probability, checkAtMost(maxStd, 0.5, "noise"));
            return this;
        }

        /** @param maxQualityLoss largest drop of JPEG quality below 100, at most 95 */
        public Builder jpeg(double probability, double maxQualityLoss) {
            this.jpeg = new Effect(probability, checkAtMost(maxQualityLoss, 95, "jpeg"));
            return this;
        }

        /** @return the configuration */
        public AugmentationConfig build() {
            return new AugmentationConfig(this);
        }

        private static double checkAtMost(double value, double limit, String what) {
            if (value > limit) {
                throw new IllegalArgumentException(what + " magnitude must be at most " + limit + ", got " + value);
            }
            return value;
        }
    }
}
