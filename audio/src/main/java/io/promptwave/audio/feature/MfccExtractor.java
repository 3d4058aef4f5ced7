package io.promptwave.audio.feature;

/**
 * Kaldi-compatible MFCCs ({@code compute-mfcc-feats} defaults with {@code --dither=0}): 23 mel
 * bins, 13 cepstra from an orthonormal DCT-II, cepstral liftering with Q = 22, and the raw log
 * energy in place of c0. One instance per thread.
 */
public final class MfccExtractor implements FeatureExtractor {
    private final FrameAnalyzer analyzer;
    private final MelFilterBank melBank;
    private final double[][] dct;
    private final double[] lifter;
    private final boolean useEnergy;
    private final float[] logMel;

    /** Kaldi's defaults at 16 kHz: 13 cepstra over 23 mel bins, energy as c0, lifter 22. */
    public MfccExtractor() {
        this(FrameConfig.defaults(), 23, 13, 22, true);
    }

    /**
     * @param frames framing and windowing
     * @param melBins number of mel filters (from 20 Hz to Nyquist)
     * @param ceps number of cepstra kept, at most {@code melBins}
     * @param cepstralLifter Q of the lifter {@code 1 + Q/2 sin(pi i / Q)}; 0 for none
     * @param useEnergy replace c0 by the frame's raw log energy
     */
    public MfccExtractor(FrameConfig frames, int melBins, int ceps, double cepstralLifter, boolean useEnergy) {
        if (ceps < 1 || ceps > melBins) {
            throw new IllegalArgumentException("cannot keep " + ceps + " cepstra of " + melBins + " mel bins");
        }
        this.analyzer = new FrameAnalyzer(frames);
        this.melBank = new MelFilterBank(melBins, frames.fftSize(), frames.sampleRate(), 20, 0);
        this.useEnergy = useEnergy;
        this.logMel = new float[melBins];
        this.dct = new double[ceps][melBins];
        for (int k = 0; k < ceps; k++) {
            double norm = k == 0 ? Math.sqrt(1.0 / melBins) : Math.sqrt(2.0 / melBins);
            for (int j = 0; j < melBins; j++) {
                dct[k][j] = norm * Math.cos(Math.PI / melBins * (j + 0.5) * k);
            }
        }
        this.lifter = new double[ceps];
        for (int i = 0; i < ceps; i++) {
            lifter[i] = cepstralLifter == 0 ? 1 : 1 + 0.5 * cepstralLifter * Math.sin(Math.PI * i / cepstralLifter);
        }
    }

    @Override
    public FrameConfig frameConfig() {
        return analyzer.config();
    }

    @Override
    public int dims() {
        return dct.length;
    }

    @Override
    public void computeFrame(float[] samples, int offset, float[] out, int outOffset) {
        melBank.logEnergies(analyzer.powerSpectrum(samples, offset), logMel, 0);
        for (int k = 0; k < dct.length; k++) {
            double sum = 0;
            for (int j = 0; j < logMel.length; j++) {
                sum += dct[k][j] * logMel[j];
            }
            out[outOffset + k] = (float) (sum * lifter[k]);
        }
        if (useEnergy) {
            out[outOffset] = (float) analyzer.rawLogEnergy();
        }
    }
}
