package io.promptwave.corpus.channel;

import io.promptwave.audio.encode.WavWriter;
import java.util.Locale;

/**
 * A transmission channel.
 *
 * @param name "clean" or "telephone"
 * @param sampleRate the rate of the stored audio
 * @param encoding how samples are stored
 * @param lowHz lower band edge, or 0 for none
 * @param highHz upper band edge, or 0 for none
 * @param minSnrDb lowest signal-to-noise ratio of the added noise (ignored without noise)
 * @param maxSnrDb highest; equal to {@code minSnrDb} for a fixed ratio; NaN for no noise
 */
public record Channel(String name, int sampleRate, WavWriter.Encoding encoding, double lowHz, double highHz,
        double minSnrDb, double maxSnrDb) {

    /** @return 16 kHz 16-bit PCM, nothing added */
    public static Channel clean() {
        return new Channel("clean", 16000, WavWriter.Encoding.PCM_16, 0, 0, Double.NaN, Double.NaN);
    }

    /** @return 8 kHz mu-law, 300-3400 Hz, pink noise at an SNR drawn per utterance from [min, max] dB */
    public static Channel telephone(double minSnrDb, double maxSnrDb) {
        if (!(minSnrDb <= maxSnrDb)) {
            throw new IllegalArgumentException("SNR range [" + minSnrDb + ", " + maxSnrDb + "] is empty");
        }
        return new Channel("telephone", 8000, WavWriter.Encoding.MU_LAW, 300, 3400, minSnrDb, maxSnrDb);
    }

    /** @return true when noise is added */
    public boolean noisy() {
        return !Double.isNaN(minSnrDb);
    }

    /** @return a short label for speaker ids, e.g. {@code telephone-snr5-20} */
    public String label() {
        return noisy() ? String.format(Locale.ROOT, "%s-snr%.0f-%.0f", name, minSnrDb, maxSnrDb) : name;
    }
}
