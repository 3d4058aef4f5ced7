package io.promptwave.audio.feature;

/**
 * Kaldi's triangular mel filters: equally spaced on the mel scale {@code 1127 ln(1 + f/700)}
 * between the low and high frequency, applied to FFT bins 0 .. N/2 - 1 (the Nyquist bin gets no
 * weight, as in Kaldi). Immutable and thread-safe.
 */
final class MelFilterBank {
    private final int[] firstBin;
    private final double[][] weights;

    MelFilterBank(int numBins, int fftSize, int sampleRate, double lowFreq, double highFreq) {
        double nyquist = sampleRate / 2.0;
        double high = highFreq <= 0 ? nyquist + highFreq : highFreq;
        if (numBins < 1 || lowFreq < 0 || lowFreq >= nyquist || high <= lowFreq || high > nyquist) {
            throw new IllegalArgumentException(String.format(
                    "bad mel filter bank: %d bins between %.1f and %.1f Hz at a sample rate of %d Hz",
                    numBins, lowFreq, high, sampleRate));
        }
        int fftBins = fftSize / 2;
        double binWidth = sampleRate / (double) fftSize;
        double melLow = mel(lowFreq);
        double melHigh = mel(high);
        double delta = (melHigh - melLow) / (numBins + 1);
        firstBin = new int[numBins];
        weights = new double[numBins][];
        for (int b = 0; b < numBins; b++) {
            double left = melLow + b * delta;
            double center = left + delta;
            double right = center + delta;
            double[] row = new double[fftBins];
            int first = -1;
            int last = -1;
            for (int i = 0; i < fftBins; i++) {
                double m = mel(binWidth * i);
                if (m > left && m < right) {
                    row[i] = m <= center ? (m - left) / (center - left) : (right - m) / (right - center);
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("mel bin " + b + " covers no FFT bin: use fewer mel bins ("
                        + numBins + ") or a longer frame");
            }
            firstBin[b] = first;
            weights[b] = java.util.Arrays.copyOfRange(row, first, last + 1);
        }
    }

    static double mel(double hz) {
        return 1127.0 * Math.log(1.0 + hz / 700.0);
    }

    int size() {
        return weights.length;
    }

    /** Writes the log of each filter's energy into {@code out}, floored as Kaldi does. */
    void logEnergies(double[] power, float[] out, int outOffset) {
        for (int b = 0; b < weights.length; b++) {
            double[] w = weights[b];
            int first = firstBin[b];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * power[first + i];
            }
            out[outOffset + b] = (float) Math.log(Math.max(sum, FrameAnalyzer.LOG_FLOOR));
        }
    }
}
