package io.promptwave.audio.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.Fixtures;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.npy.NpyFile;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Compares our features with torchaudio.compliance.kaldi's, written by golden/make_golden.py. */
class FbankGoldenTest {
    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest
    @ValueSource(strings = {"speech-en-us-16k", "speech-en-gb-16k", "sweep-noise-16k"})
    void fbankMatchesTorchaudioKaldi(String name) throws AudioFormatException, IOException {
        PcmAudio audio = new AudioDecoder().decode(Fixtures.audio(name + ".wav"));
        FeatureSequence ours = new FbankExtractor().extract(audio);
        FeatureSequence golden = NpyFile.read(Fixtures.golden(name + ".fbank80.npy"), 100);
        assertClose(golden, ours);
    }

    @Test
    void mfccMatchesTorchaudioKaldi() throws AudioFormatException, IOException {
        PcmAudio audio = new AudioDecoder().decode(Fixtures.audio("speech-en-us-16k.wav"));
        FeatureSequence ours = new MfccExtractor().extract(audio);
        FeatureSequence golden = NpyFile.read(Fixtures.golden("speech-en-us-16k.mfcc13.npy"), 100);
        assertClose(golden, ours);
    }

    private static void assertClose(FeatureSequence golden, FeatureSequence ours) {
        assertEquals(golden.frames(), ours.frames(), "frames");
        assertEquals(golden.dims(), ours.dims(), "dims");
        assertTrue(golden.frames() > 100, "fixture too short to mean much");
        double worst = 0;
        String where = "";
        for (int f = 0; f < golden.frames(); f++) {
            for (int d = 0; d < golden.dims(); d++) {
                double diff = Math.abs(golden.get(f, d) - ours.get(f, d));
                if (diff > worst) {
                    worst = diff;
                    where = "[" + f + ", " + d + "] golden " + golden.get(f, d) + " ours " + ours.get(f, d);
                }
            }
        }
        assertTrue(worst <= TOLERANCE, "largest difference " + worst + " at " + where);
    }
}
