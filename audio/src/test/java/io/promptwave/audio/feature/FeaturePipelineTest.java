package io.promptwave.audio.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.Fixtures;
import io.promptwave.audio.decode.AudioDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePipelineTest {
    @TempDir
    Path dir;

    @Test
    void streamingPipelineEqualsDecodeThenExtract() throws AudioFormatException, IOException {
        AudioDecoder decoder = new AudioDecoder();
        FeaturePipeline pipeline = new FeaturePipeline(decoder, FbankExtractor::new);
        for (String name : new String[] {"speech-en-us-16k.wav", "speech-44k-stereo.mp3", "speech-8k-mulaw.wav"}) {
            Path file = Fixtures.audio(name);
            FeatureSequence streamed = pipeline.extract(file);
            FeatureSequence whole = new FbankExtractor().extract(decoder.decode(file, 16000));
            assertEquals(whole.frames(), streamed.frames(), name);
            assertArrayEquals(whole.toRowMajor(), streamed.toRowMajor(), 1e-4f, name);
            assertEquals(file.toString(), streamed.source());
        }
    }

    @Test
    void oneSharedPipelineServesConcurrentCallersCorrectly() throws Exception {
        FeaturePipeline pipeline = new FeaturePipeline(new AudioDecoder(), FbankExtractor::new);
        String[] names = {"speech-en-us-16k.wav", "speech-44k-stereo.mp3", "speech-48k-stereo.ogg", "speech-8k-alaw.wav"};
        float[][] expected = new float[names.length][];
        for (int i = 0; i < names.length; i++) {
            expected[i] = pipeline.extract(Fixtures.audio(names[i])).toRowMajor();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<float[]>> futures = new java.util.ArrayList<>();
            for (int k = 0; k < 32; k++) {
                String name = names[k % names.length];
                futures.add(pool.submit(() -> pipeline.extract(Fixtures.audio(name)).toRowMajor()));
            }
            for (int k = 0; k < futures.size(); k++) {
                assertArrayEquals(expected[k % names.length], futures.get(k).get(), 0f, names[k % names.length]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void audioShorterThanOneFrameIsRefused() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 200).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(236).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(200);
        Path tiny = Files.write(dir.resolve("tiny.wav"), b.array());
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> new FeaturePipeline(new AudioDecoder(), FbankExtractor::new).extract(tiny));
        assertEquals(tiny + ": too short for one feature frame (100 samples; a frame needs 25 ms)", e.getMessage());
    }
}
