package io.promptwave.cli;

import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.DecodeOptions;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.feature.FeatureExtractor;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.audio.feature.FrameConfig;
import io.promptwave.audio.feature.MfccExtractor;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The options that choose which features to compute, shared by the commands that compute them. */
final class FeatureOptions {
    /** The feature families on offer. */
    enum Kind {
        fbank, mfcc
    }

    @Option(names = "--kind", defaultValue = "fbank", description = "fbank (log-mel, the model's input) or mfcc. Default: ${DEFAULT-VALUE}.")
    Kind kind;

    @Option(names = "--mel-bins", description = "Mel filters: default 80 for fbank, 23 for mfcc.")
    Integer melBins;

    @Option(names = "--sample-rate", defaultValue = "16000", description = "Rate the audio is resampled to. Default: ${DEFAULT-VALUE} Hz.")
    int sampleRate;

    @Option(names = "--max-duration", defaultValue = "3600", description = "Refuse inputs longer than this many seconds. Default: ${DEFAULT-VALUE}.")
    double maxDuration;

    /** @return a supplier of fresh extractors with these settings (extractors are one per thread) */
    Supplier<FeatureExtractor> extractors() {
        if (sampleRate < 4000 || sampleRate > 192000) {
            throw new IllegalArgumentException("--sample-rate must be between 4000 and 192000 Hz, got " + sampleRate);
        }
        if (melBins != null && (melBins < 1 || melBins > 512)) {
            throw new IllegalArgumentException("--mel-bins must be between 1 and 512, got " + melBins);
        }
        FrameConfig frames = FrameConfig.builder().optSampleRate(sampleRate).build();
        Supplier<FeatureExtractor> supplier = kind == Kind.fbank
                ? () -> new FbankExtractor(frames, melBins == null ? FbankExtractor.DEFAULT_MEL_BINS : melBins, 20, 0)
                : () -> new MfccExtractor(frames, melBins == null ? 23 : melBins, 13, 22, true);
        supplier.get(); // fail now, not per file, when the mel bins do not fit
        return supplier;
    }

    /** @return the decode-resample-extract pipeline with these settings */
    FeaturePipeline pipeline() {
        if (!(maxDuration > 0)) {
            throw new IllegalArgumentException("--max-duration must be positive, got " + maxDuration);
        }
        AudioDecoder decoder = new AudioDecoder(DecodeOptions.builder().optMaxDurationSeconds(maxDuration).build());
        return new FeaturePipeline(decoder, extractors());
    }
}
