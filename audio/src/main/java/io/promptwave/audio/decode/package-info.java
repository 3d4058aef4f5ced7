/**
 * Decoding audio files to mono float PCM, as streams so that long recordings never sit whole in
 * the heap. {@link io.promptwave.audio.decode.AudioDecoder} is the entry point: it reads WAV
 * (integer, float, mu-law, A-law, any channel count) in pure Java and everything else through
 * FFmpeg, and refuses inputs longer than its configured maximum duration.
 */
package io.promptwave.audio.decode;
