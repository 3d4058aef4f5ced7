package io.promptwave.audio.feature;

/** The analysis windows Kaldi offers, with its formulas. */
public enum WindowType {
    /** Kaldi's default: a Hann window raised to the power 0.85, zero at both ends. */
    POVEY,
    /** 0.54 - 0.46 cos. */
    HAMMING,
    /** 0.5 - 0.5 cos. */
    HANNING,
    /** All ones. */
    RECTANGULAR;

    /** @return the window of {@code length} samples */
    double[] coefficients(int length) {
        double[] w = new double[length];
        double a = 2 * Math.PI / (length - 1);
        for (int i = 0; i < length; i++) {
            switch (this) {
                case POVEY:
                    w[i] = Math.pow(0.5 - 0.5 * Math.cos(a * i), 0.85);
                    break;
                case HAMMING:
                    w[i] = 0.54 - 0.46 * Math.cos(a * i);
                    break;
                case HANNING:
                    w[i] = 0.5 - 0.5 * Math.cos(a * i);
                    break;
                default:
                    w[i] = 1;
            }
        }
        return w;
    }
}
