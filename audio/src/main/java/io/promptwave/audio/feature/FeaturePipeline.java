package io.promptwave.audio.feature;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.features.FeatureSequence;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.PcmStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * File in, features out: decodes, resamples to the extractor's rate and extracts frames in one
 * streaming pass, so only the features are ever held, never the whole recording. Thread-safe: each
 * call makes its own extractor from the supplier.
 */
public final class FeaturePipeline {
    private static final int CHUNK = 16384;

    private final AudioDecoder decoder;
    private final Supplier<FeatureExtractor> extractors;

    /**
     * @param decoder opens the files (and applies their duration limit)
     * @param extractors makes a fresh extractor per file, e.g. {@code FbankExtractor::new}
     */
    public FeaturePipeline(AudioDecoder decoder, Supplier<FeatureExtractor> extractors) {
        this.decoder = decoder;
        this.extractors = extractors;
    }

    /**
     * @return the features of every whole frame of {@code file}
     * @throws AudioFormatException when the file is not decodable audio, too long, or too short for one frame
     * @throws IOException when the file cannot be read
     */
    public FeatureSequence extract(Path file) throws AudioFormatException, IOException {
        FeatureExtractor extractor = extractors.get();
        StreamingFeatureExtractor features = new StreamingFeatureExtractor(extractor, file.toString());
        int dims = extractor.dims();
        float[] collected = new float[dims * 1024];
        int frames = 0;
        long samples = 0;
        try (PcmStream stream = decoder.open(file, extractor.frameConfig().sampleRate())) {
            float[] chunk = new float[CHUNK];
            int n;
            while ((n = stream.read(chunk, 0, CHUNK)) >= 0) {
                samples += n;
                FeatureSequence out = features.accept(chunk, 0, n);
                int needed = (frames + out.frames()) * dims;
                if (needed > collected.length) {
                    collected = Arrays.copyOf(collected, Math.max(needed, collected.length * 2));
                }
                System.arraycopy(out.toRowMajor(), 0, collected, frames * dims, out.frames() * dims);
                frames += out.frames();
            }
        }
        if (samples == 0) {
            throw new AudioFormatException(file.toString(), "contains no audio samples");
        }
        if (frames == 0) {
            throw new AudioFormatException(file.toString(), String.format(
                    "too short for one feature frame (%d samples; a frame needs %.0f ms)", samples,
                    1000.0 * extractor.frameConfig().frameLength() / extractor.frameConfig().sampleRate()));
        }
        return FeatureSequence.wrap(Arrays.copyOf(collected, frames * dims), frames, dims,
                extractor.frameConfig().frameRate(), file.toString());
    }
}
