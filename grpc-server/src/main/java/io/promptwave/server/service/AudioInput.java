package io.promptwave.server.service;

import io.promptwave.api.v1.AudioEncoding;
import io.promptwave.api.v1.RawAudio;
import io.promptwave.api.v1.RecognitionAudio;
import io.promptwave.audio.AudioFormatException;
import io.promptwave.audio.PcmAudio;
import io.promptwave.audio.decode.AudioDecoder;
import io.promptwave.audio.decode.ChunkedAudioDecoder;
import io.promptwave.audio.decode.DecodeOptions;
import io.promptwave.audio.decode.StreamEncoding;
import java.io.IOException;

/** The audio of requests, as 16 kHz mono samples the model reads. Thread-safe. */
public final class AudioInput {
    /** The model's sample rate. */
    public static final int MODEL_RATE = 16000;

    private final double maxSeconds;
    private final AudioDecoder decoder;

    /** @param maxSeconds longest recording a unary request may carry */
    public AudioInput(double maxSeconds) {
        this.maxSeconds = maxSeconds;
        this.decoder = new AudioDecoder(DecodeOptions.builder().optMaxDurationSeconds(maxSeconds).build());
    }

    /**
     * @param audio the request's audio
     * @param source what to call it in messages
     * @return mono samples at 16 kHz
     * @throws AudioFormatException when the bytes are not audio the server decodes, or too long
     * @throws BadRequestException when the request carries no audio or a bad raw format
     * @throws IOException when the temporary copy cannot be written
     */
    public PcmAudio decode(RecognitionAudio audio, String source) throws AudioFormatException, BadRequestException,
            IOException {
        switch (audio.getSourceCase()) {
            case CONTENT:
                return decoder.decode(audio.getContent().toByteArray(), source, MODEL_RATE);
            case RAW:
                RawAudio raw = audio.getRaw();
                if (raw.getData().isEmpty()) {
                    throw new AudioFormatException(source, "no audio bytes (raw.data is empty)");
                }
                return ChunkedAudioDecoder.decodeAll(raw.getData().toByteArray(),
                        encoding(raw.getEncoding(), "raw.encoding"), raw.getSampleRateHertz(),
                        raw.getChannels() == 0 ? 1 : raw.getChannels(), MODEL_RATE, maxSeconds, source);
            default:
                throw new BadRequestException(BadRequestException.Reason.INVALID,
                        "the request has no audio: set audio.content (a file) or audio.raw (samples)");
        }
    }

    /**
     * @param encoding the API's encoding
     * @param field the field's name, for messages
     * @return the audio module's encoding
     * @throws BadRequestException when it is unset for raw samples
     */
    public static StreamEncoding encoding(AudioEncoding encoding, String field) throws BadRequestException {
        return switch (encoding) {
            case LINEAR16 -> StreamEncoding.PCM_S16LE;
            case MULAW -> StreamEncoding.MU_LAW;
            case ALAW -> StreamEncoding.A_LAW;
            case FLOAT32 -> StreamEncoding.FLOAT32LE;
            case WAV -> StreamEncoding.WAV;
            default -> throw new BadRequestException(BadRequestException.Reason.INVALID, field
                    + " must say how the samples are stored: LINEAR16, MULAW, ALAW, FLOAT32 or WAV");
        };
    }
}
