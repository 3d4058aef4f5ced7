package io.promptwave.audio.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.Fixtures;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StreamingFeatureExtractorTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomChunkingsGiveExactlyTheOfflineFrames(long seed) throws AudioFormatException, IOException {
        PcmAudio audio = new AudioDecoder().decode(Fixtures.audio("speech-en-gb-16k.wav"));
        FeatureSequence offline = new FbankExtractor().extract(audio);
        float[] samples = audio.samples();
        Random random = new Random(seed);
        // chunk sizes from 1 sample to several frames, including empty chunks
        int maxChunk = new int[] {1, 7, 160, 401, 1000, 5000, 20000, 50000}[(int) (seed - 1)];
        StreamingFeatureExtractor streaming = new StreamingFeatureExtractor(new FbankExtractor(), "stream");
        float[] collected = new float[offline.frames() * offline.dims()];
        int frames = 0;
        int position = 0;
        while (position < samples.length) {
            int length = Math.min(samples.length - position, random.nextInt(maxChunk + 1));
            FeatureSequence out = streaming.accept(samples, position, length);
            System.arraycopy(out.toRowMajor(), 0, collected, frames * offline.dims(), out.frames() * out.dims());
            frames += out.frames();
            position += length;
        }
        assertEquals(offline.frames(), frames);
        assertEquals(offline.frames(), streaming.framesEmitted());
        assertArrayEquals(offline.toRowMajor(), collected, 0f);
    }

    @Test
    void noFrameUntilAFullWindowArrives() {
        StreamingFeatureExtractor streaming = new StreamingFeatureExtractor(new MfccExtractor(), "s");
        assertEquals(0, streaming.accept(new float[399], 0, 399).frames());
        assertEquals(1, streaming.accept(new float[1], 0, 1).frames());
        assertEquals(0, streaming.accept(new float[159], 0, 159).frames());
        FeatureSequence next = streaming.accept(new float[1], 0, 1);
        assertEquals(1, next.frames());
        assertEquals(13, next.dims());
    }
}
