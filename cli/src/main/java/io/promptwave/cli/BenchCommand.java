package io.promptwave.cli;

import io.promptwave.features.InputFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.feature.FbankExtractor;
import io.promptwave.audio.feature.FeatureExtractor;
import io.promptwave.audio.feature.FeaturePipeline;
import io.promptwave.audio.feature.MfccExtractor;
import io.promptwave.audio.feature.StreamingFeatureExtractor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code promptwave bench}: speed of the audio front-end on one core, as a multiple of real time,
 * or with {@code --images}, of the image front-end in images per second. Every measurement runs on
 * the calling thread only, after a warm-up, for a fixed wall time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the audio front-end's speed on one thread, as a multiple of real time.",
            "Covers fbank and MFCC extraction, decode + resample of a compressed file, the whole",
            "file-to-features pipeline, and streaming extraction (100 ms chunks) against offline extraction.",
            "With --images, measure the image front-end instead, in images per second: decoding, and",
            "decoding + line normalisation + patch features, with and without deskewing."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", defaultValue = "samples/audio/weather-en-gb-44k-stereo.mp3",
            description = "A compressed recording to decode (a 44.1 kHz stereo MP3 by default). Default: ${DEFAULT-VALUE}.")
    private Path input;

    @Option(names = "--seconds", defaultValue = "5", description = "Wall time per measurement. Default: ${DEFAULT-VALUE}.")
    private double seconds;

    @Option(names = "--images", arity = "1..*", paramLabel = "IMAGE",
            description = "Measure the image front-end on these image files instead of the audio front-end.")
    private List<Path> images = List.of();

    @Override
    public Integer call() throws InputFormatException, IOException {
        if (!(seconds > 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be positive");
        }
        if (!images.isEmpty()) {
            return new ImageBench(spec.commandLine().getOut(), this::perSecond).run(images);
        }
        if (!Files.isRegularFile(input)) {
            throw new CommandLine.ParameterException(spec.commandLine(), input + ": no such file (give --input)");
        }
        PrintWriter out = spec.commandLine().getOut();
        AudioDecoder decoder = new AudioDecoder();
        PcmAudio native_ = decoder.decode(input);
        PcmAudio audio = decoder.decode(input, 16000);
        double audioSeconds = audio.durationSeconds();
        out.printf(Locale.ROOT, "input: %s, %.2f s at %d Hz; %.1f s per measurement, one thread%n", input,
                native_.durationSeconds(), native_.sampleRate(), seconds);

        double fbank = timesRealTime(audioSeconds, () -> new FbankExtractor().extract(audio));
        report(out, "fbank 80 (offline)", fbank);
        double mfcc = timesRealTime(audioSeconds, () -> new MfccExtractor().extract(audio));
        report(out, "mfcc 13 (offline)", mfcc);
        double streaming = timesRealTime(audioSeconds, () -> streamInChunks(audio, new FbankExtractor(), 1600));
        report(out, "fbank 80 (streaming, 100 ms chunks)", streaming);
        // offline once more, now that the JIT has seen both paths: the overhead compares these two
        double fbankAgain = timesRealTime(audioSeconds, () -> new FbankExtractor().extract(audio));
        report(out, "fbank 80 (offline, measured again)", fbankAgain);
        out.printf(Locale.ROOT, "%-42s %+9.1f %%%n", "streaming time vs offline", 100 * (fbankAgain / streaming - 1));
        double decode = timesRealTime(native_.durationSeconds(), () -> decoder.decode(input, 16000));
        report(out, "decode + resample to 16 kHz mono", decode);
        FeaturePipeline pipeline = new FeaturePipeline(decoder, FbankExtractor::new);
        double whole = timesRealTime(native_.durationSeconds(), () -> pipeline.extract(input));
        report(out, "file -> fbank (decode, resample, extract)", whole);
        return 0;
    }

    private static void report(PrintWriter out, String what, double times) {
        out.printf(Locale.ROOT, "%-42s %9.0f x real time%n", what, times);
        out.flush();
    }

    private static void streamInChunks(PcmAudio audio, FeatureExtractor extractor, int chunk) {
        StreamingFeatureExtractor streaming = new StreamingFeatureExtractor(extractor, audio.source());
        float[] samples = audio.samples();
        for (int i = 0; i < samples.length; i += chunk) {
            streaming.accept(samples, i, Math.min(chunk, samples.length - i));
        }
    }

    /** Runs {@code work} for two warm-up seconds, then for the configured time; returns audio seconds per second. */
    private double timesRealTime(double audioSecondsPerRun, Work work) throws InputFormatException, IOException {
        return perSecond(work) * audioSecondsPerRun;
    }

    /** Runs {@code work} for a warm-up (two seconds at most), then for the configured time; returns runs per second. */
    private double perSecond(Work work) throws InputFormatException, IOException {
        long warmUntil = System.nanoTime() + (long) (Math.min(2, seconds) * 1e9);
        while (System.nanoTime() < warmUntil) {
            work.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int runs = 0;
        long now;
        do {
            work.run();
            runs++;
            now = System.nanoTime();
        } while (now < end);
        return runs / ((now - start) / 1e9);
    }

    /** One timed unit of work. */
    @FunctionalInterface
    interface Work {
        void run() throws InputFormatException, IOException;
    }

    /** Measures runs per second of one unit of work. */
    @FunctionalInterface
    interface Timer {
        double perSecond(Work work) throws InputFormatException, IOException;
    }
}
