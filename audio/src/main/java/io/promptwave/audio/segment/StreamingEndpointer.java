package io.promptwave.audio.segment;

import io.promptwave.audio.PcmAudio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds utterances in live audio as it arrives: where speech starts, and where it ends after
 * enough trailing silence or at the maximum length. Works on 10 ms frames by level (dBFS) against
 * a fixed threshold, since a live stream has no future to estimate its noise floor from. Holds
 * only the current utterance (at most the maximum length) and a short pre-roll, so a stream of
 * any length runs in bounded memory. Not thread-safe: one per stream.
 */
public final class StreamingEndpointer {
    private final EndpointerConfig config;
    private final int sampleRate;
    private final int frameSize;
    private final int minSpeechFrames;
    private final int trailingFrames;
    private final int maxSamples;
    private final int preRollSamples;

    /** The last samples before speech, kept for the pre-roll. */
    private final float[] history;
    private int historyLength;
    private final float[] frame;
    private int frameFill;
    private long samplesSeen;

    private float[] utterance;
    private int utteranceLength;
    private long utteranceStart = -1;
    private int speechRun;
    private int silenceRun;

    /** Something the endpointer noticed. */
    public sealed interface Event permits SpeechStarted, SpeechEnded {
    }

    /** @param offset seconds from the stream's first sample to the utterance's first sample */
    public record SpeechStarted(double offset) implements Event {
    }

    /**
     * @param offset seconds from the stream's first sample to the end of the utterance
     * @param utterance the utterance's audio, pre-roll included
     * @param start seconds from the stream's first sample to the utterance's first sample
     * @param cut true when the maximum length ended it, not silence
     */
    public record SpeechEnded(double offset, PcmAudio utterance, double start, boolean cut) implements Event {
    }

    /**
     * @param config the thresholds and lengths
     * @param sampleRate the rate of the samples given to {@link #accept}
     */
    public StreamingEndpointer(EndpointerConfig config, int sampleRate) {
        this.config = config;
        this.sampleRate = sampleRate;
        this.frameSize = sampleRate / 100;
        this.minSpeechFrames = Math.max(1, (int) Math.round(config.minSpeech() * 100));
        this.trailingFrames = Math.max(1, (int) Math.round(config.trailingSilence() * 100));
        this.maxSamples = (int) Math.round(config.maxUtterance() * sampleRate);
        this.preRollSamples = (int) Math.round(config.preRoll() * sampleRate);
        this.history = new float[preRollSamples + minSpeechFrames * frameSize];
        this.frame = new float[frameSize];
    }

    /** @return whether an utterance is open */
    public boolean inSpeech() {
        return utteranceStart >= 0;
    }

    /** @return seconds of audio seen */
    public double position() {
        return samplesSeen / (double) sampleRate;
    }

    /** @return the open utterance's audio so far, or null when there is none */
    public PcmAudio partial() {
        return inSpeech() ? PcmAudio.of(Arrays.copyOf(utterance, utteranceLength), sampleRate, "partial") : null;
    }

    /** @return seconds from the stream's start to the open utterance's start, or NaN */
    public double partialStart() {
        return inSpeech() ? utteranceStart / (double) sampleRate : Double.NaN;
    }

    /**
     * @param samples the next samples, at the configured rate
     * @return what happened in them, in order
     */
    public List<Event> accept(float[] samples) {
        List<Event> events = new ArrayList<>();
        for (float s : samples) {
            frame[frameFill++] = s;
            samplesSeen++;
            if (frameFill == frameSize) {
                frameFill = 0;
                onFrame(events);
            }
        }
        return events;
    }

    /**
     * Ends the stream: an open utterance ends here.
     *
     * @return the last event, if any
     */
    public List<Event> finish() {
        List<Event> events = new ArrayList<>();
        if (inSpeech()) {
            append(frame, frameFill);
            frameFill = 0;
            events.add(end(false));
        }
        return events;
    }

    private void onFrame(List<Event> events) {
        boolean speech = levelDb(frame) > config.thresholdDb();
        if (!inSpeech()) {
            remember(frame);
            speechRun = speech ? speechRun + 1 : 0;
            if (speechRun >= minSpeechFrames) {
                // the utterance starts pre-roll before the first speech frame of the run
                int back = Math.min(historyLength, preRollSamples + speechRun * frameSize);
                utterance = new float[Math.min(maxSamples, Math.max(back, sampleRate))];
                utteranceLength = 0;
                append(Arrays.copyOfRange(history, historyLength - back, historyLength), back);
                utteranceStart = samplesSeen - back;
                silenceRun = 0;
                speechRun = 0;
                historyLength = 0;
                events.add(new SpeechStarted(utteranceStart / (double) sampleRate));
            }
            return;
        }
        append(frame, frameSize);
        silenceRun = speech ? 0 : silenceRun + 1;
        if (silenceRun >= trailingFrames) {
            events.add(end(false));
        } else if (utteranceLength >= maxSamples) {
            events.add(end(true));
        }
    }

    private SpeechEnded end(boolean cut) {
        PcmAudio audio = PcmAudio.of(Arrays.copyOf(utterance, utteranceLength), sampleRate, "utterance");
        double start = utteranceStart / (double) sampleRate;
        SpeechEnded ended = new SpeechEnded(position(), audio, start, cut);
        utterance = null;
        utteranceLength = 0;
        utteranceStart = -1;
        silenceRun = 0;
        return ended;
    }

    private void append(float[] samples, int n) {
        int room = Math.min(n, maxSamples - utteranceLength);
        if (utteranceLength + room > utterance.length) {
            utterance = Arrays.copyOf(utterance, Math.min(maxSamples, Math.max(utteranceLength + room,
                    utterance.length * 2)));
        }
        System.arraycopy(samples, 0, utterance, utteranceLength, room);
        utteranceLength += room;
    }

    private void remember(float[] samples) {
        if (history.length == 0) {
            return;
        }
        int n = samples.length;
        if (historyLength + n > history.length) {
            int drop = historyLength + n - history.length;
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
        }
        System.arraycopy(samples, 0, history, historyLength, n);
        historyLength += n;
    }

    private static double levelDb(float[] samples) {
        double sum = 0;
        for (float s : samples) {
            sum += s * s;
        }
        double rms = Math.sqrt(sum / samples.length);
        return rms <= 1e-10 ? -200 : 20 * Math.log10(rms);
    }
}
