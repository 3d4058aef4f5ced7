package io.promptwave.audio.feature;

import be.tarsos.dsp.util.fft.FFT;

/**
 * Turns one frame of samples into its power spectrum the way Kaldi does: scale to the 16-bit
 * range, remove the DC offset, note the raw log energy, pre-emphasise, window, zero-pad, FFT.
 * Holds scratch buffers, so one analyzer serves one thread.
 */
final class FrameAnalyzer {
    /** Kaldi floors energies at float epsilon before taking logs. */
    static final double LOG_FLOOR = Math.ulp(1.0f);

    private final FrameConfig config;
    private final double[] window;
    private final double[] frame;
    private final float[] fftBuffer;
    private final double[] power;
    private final FFT fft;
    private double rawLogEnergy;

    FrameAnalyzer(FrameConfig config) {
        this.config = config;
        this.window = config.window().coefficients(config.frameLength());
        this.frame = new double[config.frameLength()];
        this.fftBuffer = new float[config.fftSize()];
        this.power = new double[config.fftSize() / 2 + 1];
        this.fft = new FFT(config.fftSize());
    }

    FrameConfig config() {
        return config;
    }

    /**
     * Analyses the frame that starts at {@code samples[offset]}.
     *
     * @return the power spectrum, {@code fftSize/2 + 1} bins from 0 Hz to Nyquist (reused by the next call)
     */
    double[] powerSpectrum(float[] samples, int offset) {
        int n = frame.length;
        double scale = config.inputScale();
        double mean = 0;
        for (int i = 0; i < n; i++) {
            frame[i] = samples[offset + i] * scale;
            mean += frame[i];
        }
        if (config.removeDcOffset()) {
            mean /= n;
            for (int i = 0; i < n; i++) {
                frame[i] -= mean;
            }
        }
        double energy = 0;
        for (int i = 0; i < n; i++) {
            energy += frame[i] * frame[i];
        }
        rawLogEnergy = Math.log(Math.max(energy, LOG_FLOOR));
        double p = config.preemphasis();
        if (p != 0) {
            for (int i = n - 1; i > 0; i--) {
                frame[i] -= p * frame[i - 1];
            }
            frame[0] -= p * frame[0];
        }
        for (int i = 0; i < n; i++) {
            fftBuffer[i] = (float) (frame[i] * window[i]);
        }
        java.util.Arrays.fill(fftBuffer, n, fftBuffer.length, 0f);
        fft.forwardTransform(fftBuffer);
        // TarsosDSP packs the real FFT as [re0, re(N/2), re1, im1, re2, im2, ...]
        int half = fftBuffer.length / 2;
        power[0] = (double) fftBuffer[0] * fftBuffer[0];
        power[half] = (double) fftBuffer[1] * fftBuffer[1];
        for (int k = 1; k < half; k++) {
            double re = fftBuffer[2 * k];
            double im = fftBuffer[2 * k + 1];
            power[k] = re * re + im * im;
        }
        return power;
    }

    /** @return the log energy of the last frame after DC removal, before pre-emphasis (Kaldi's raw energy) */
    double rawLogEnergy() {
        return rawLogEnergy;
    }
}
