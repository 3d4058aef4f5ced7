package io.promptwave.audio.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.PcmAudio;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    @Test
    void framingSnipsEdgesLikeKaldi() throws AudioFormatException {
        FbankExtractor fbank = new FbankExtractor();
        assertEquals(0, fbank.extract(PcmAudio.wrap(new float[399], 16000, "short")).frames());
        assertEquals(1, fbank.extract(PcmAudio.wrap(new float[400], 16000, "one")).frames());
        assertEquals(1, fbank.extract(PcmAudio.wrap(new float[559], 16000, "one")).frames());
        assertEquals(2, fbank.extract(PcmAudio.wrap(new float[560], 16000, "two")).frames());
        FeatureSequence second = fbank.extract(PcmAudio.wrap(new float[16000], 16000, "second"));
        assertEquals(98, second.frames());
        assertEquals(80, second.dims());
        assertEquals(100.0, second.frameRate());
    }

    @Test
    void toneLightsUpTheMelBinAroundItsFrequency() throws AudioFormatException {
        float[] tone = new float[16000];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000));
        }
        FeatureSequence features = new FbankExtractor().extract(PcmAudio.wrap(tone, 16000, "1 kHz"));
        int loudest = 0;
        for (int d = 1; d < features.dims(); d++) {
            if (features.get(50, d) > features.get(50, loudest)) {
                loudest = d;
            }
        }
        // 1000 Hz is 999.99 mel; 80 bins from 20 Hz (31.4 mel) to 8 kHz (2840.0 mel) are 34.68 mel apart,
        // so the bin centred nearest 1000 mel is number 27 (centre 31.4 + 28 * 34.68 = 1002.5 mel)
        assertEquals(27, loudest);
    }

    @Test
    void wrongSampleRateIsRefusedWithBothRates() {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> new FbankExtractor().extract(PcmAudio.wrap(new float[8000], 8000, "phone.wav")));
        assertEquals("phone.wav: sample rate is 8000 Hz but the features need 16000 Hz; resample it first",
                e.getMessage());
    }

    @Test
    void silenceGivesTheLogFloor() throws AudioFormatException {
        FeatureSequence features = new FbankExtractor().extract(PcmAudio.wrap(new float[800], 16000, "zeros"));
        assertEquals(Math.log(Math.ulp(1.0f)), features.get(0, 0), 1e-6);
        assertTrue(features.get(1, 79) < -15);
    }

    @Test
    void badMelConfigurationIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FbankExtractor(FrameConfig.defaults(), 80, 20, 9000));
        assertTrue(e.getMessage().contains("80 bins between 20.0 and 9000.0 Hz"), e.getMessage());
    }
}
