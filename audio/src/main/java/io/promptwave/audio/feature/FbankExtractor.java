package io.promptwave.audio.feature;

/**
 * Kaldi-compatible log-mel filterbank features ({@code compute-fbank-feats} with
 * {@code --dither=0}): 80 log energies per 10 ms frame by default. One instance per thread.
 */
public final class FbankExtractor implements FeatureExtractor {
    /** The model's feature size. */
    public static final int DEFAULT_MEL_BINS = 80;

    private final FrameAnalyzer analyzer;
    private final MelFilterBank melBank;

    /** The model's features: 80 mel bins from 20 Hz to Nyquist, Kaldi's frame defaults at 16 kHz. */
    public FbankExtractor() {
        this(FrameConfig.defaults(), DEFAULT_MEL_BINS, 20, 0);
    }

    /**
     * @param frames framing and windowing
     * @param melBins number of mel filters
     * @param lowFreq lowest filter edge in Hz
     * @param highFreq highest filter edge in Hz; 0 or negative counts back from Nyquist (Kaldi's convention)
     */
    public FbankExtractor(FrameConfig frames, int melBins, double lowFreq, double highFreq) {
        this.analyzer = new FrameAnalyzer(frames);
        this.melBank = new MelFilterBank(melBins, frames.fftSize(), frames.sampleRate(), lowFreq, highFreq);
    }

    @Override
    public FrameConfig frameConfig() {
        return analyzer.config();
    }

    @Override
    public int dims() {
        return melBank.size();
    }

    @Override
    public void computeFrame(float[] samples, int offset, float[] out, int outOffset) {
        melBank.logEnergies(analyzer.powerSpectrum(samples, offset), out, outOffset);
    }
}
