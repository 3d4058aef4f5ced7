package io.promptwave.audio.segment;

import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.PcmStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts long audio into speech segments by frame energy.
 *
 * <p>The audio is measured in 10 ms frames (RMS level in dBFS). A frame is speech when it is
 * louder than the threshold: the noise floor (the 10th percentile of frame levels) plus a margin,
 * never below a floor, unless a fixed threshold is configured. (A recording must therefore pause
 * for at least a tenth of its length for the floor to be noise; otherwise set a fixed threshold.)
 * Pauses shorter than the minimum silence are bridged, bursts shorter than the minimum speech
 * dropped, segments longer than the maximum split at their quietest frame, and padding added
 * without crossing into the neighbour's half of a pause. Only one level per frame is kept, so a
 * stream of many hours is segmented in little memory. Immutable and thread-safe.
 */
public final class SpeechSegmenter {
    private static final double FRAME_SECONDS = 0.01;
    private static final double SILENT_DB = -120;

    private final SegmenterConfig config;

    /** @param config the thresholds and lengths */
    public SpeechSegmenter(SegmenterConfig config) {
        this.config = config;
    }

    /** @return the speech segments of a decoded recording, in order */
    public List<SpeechSegment> segment(PcmAudio audio) {
        LevelMeter meter = new LevelMeter(audio.sampleRate());
        float[] samples = audio.samples();
        meter.accept(samples, 0, samples.length);
        return segment(meter.levels(), audio.durationSeconds());
    }

    /**
     * Reads a stream to its end (without keeping its samples) and returns its speech segments.
     *
     * @throws AudioFormatException when the stream's bytes are not valid audio
     * @throws IOException when reading fails
     */
    public List<SpeechSegment> segment(PcmStream stream) throws AudioFormatException, IOException {
        LevelMeter meter = new LevelMeter(stream.sampleRate());
        float[] chunk = new float[16384];
        long total = 0;
        int n;
        while ((n = stream.read(chunk, 0, chunk.length)) >= 0) {
            meter.accept(chunk, 0, n);
            total += n;
        }
        return segment(meter.levels(), total / (double) stream.sampleRate());
    }

    private List<SpeechSegment> segment(double[] levels, double duration) {
        int frames = levels.length;
        if (frames == 0) {
            return List.of();
        }
        double threshold = threshold(levels);
        // runs of speech frames, as [start, end) frame indices
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            if (levels[i] > threshold) {
                int start = i;
                while (i < frames && levels[i] > threshold) {
                    i++;
                }
                runs.add(new int[] {start, i});
            }
        }
        runs = bridgePauses(runs, frames(config.minSilence()));
        int minSpeech = frames(config.minSpeech());
        runs.removeIf(run -> run[1] - run[0] < minSpeech);
        runs = splitLong(runs, levels, Math.max(1, frames(config.maxSegment())));
        return pad(runs, duration);
    }

    private double threshold(double[] levels) {
        if (config.thresholdDb() != null) {
            return config.thresholdDb();
        }
        double[] sorted = levels.clone();
        Arrays.sort(sorted);
        double noise = sorted[(int) (0.1 * (sorted.length - 1))];
        return Math.max(noise + config.marginDb(), config.floorDb());
    }

    private static List<int[]> bridgePauses(List<int[]> runs, int minSilence) {
        List<int[]> merged = new ArrayList<>();
        for (int[] run : runs) {
            if (!merged.isEmpty() && run[0] - merged.get(merged.size() - 1)[1] < minSilence) {
                merged.get(merged.size() - 1)[1] = run[1];
            } else {
                merged.add(run.clone());
            }
        }
        return merged;
    }

    private static List<int[]> splitLong(List<int[]> runs, double[] levels, int maxFrames) {
        List<int[]> out = new ArrayList<>();
        for (int[] run : runs) {
            int start = run[0];
            while (run[1] - start > maxFrames) {
                // cut at the quietest frame of the second half of the allowed length
                int cut = start + maxFrames;
                for (int i = start + Math.max(1, maxFrames / 2); i < start + maxFrames; i++) {
                    if (levels[i] < levels[cut]) {
                        cut = i;
                    }
                }
                out.add(new int[] {start, cut});
                start = cut;
            }
            out.add(new int[] {start, run[1]});
        }
        return out;
    }

    private List<SpeechSegment> pad(List<int[]> runs, double duration) {
        List<SpeechSegment> segments = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            double start = runs.get(k)[0] * FRAME_SECONDS;
            double end = Math.min(duration, runs.get(k)[1] * FRAME_SECONDS);
            double lowest = k == 0 ? 0 : (start + runs.get(k - 1)[1] * FRAME_SECONDS) / 2;
            double highest = k == runs.size() - 1 ? duration : (end + runs.get(k + 1)[0] * FRAME_SECONDS) / 2;
            double paddedStart = Math.max(lowest, start - config.padding());
            double paddedEnd = Math.min(highest, end + config.padding());
            segments.add(new SpeechSegment(round(paddedStart), round(paddedEnd)));
        }
        return segments;
    }

    private static int frames(double seconds) {
        return (int) Math.round(seconds / FRAME_SECONDS);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** Collects the RMS level of each whole 10 ms frame. */
    private static final class LevelMeter {
        private final int frameSize;
        private double[] levels = new double[1024];
        private int count;
        private double energy;
        private int filled;

        LevelMeter(int sampleRate) {
            this.frameSize = Math.max(1, (int) Math.round(sampleRate * FRAME_SECONDS));
        }

        void accept(float[] samples, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                energy += samples[i] * (double) samples[i];
                if (++filled == frameSize) {
                    if (count == levels.length) {
                        levels = Arrays.copyOf(levels, count * 2);
                    }
                    double meanSquare = energy / frameSize;
                    levels[count++] = meanSquare > 0 ? Math.max(SILENT_DB, 10 * Math.log10(meanSquare)) : SILENT_DB;
                    energy = 0;
                    filled = 0;
                }
            }
        }

        double[] levels() {
            return Arrays.copyOf(levels, count);
        }
    }
}
