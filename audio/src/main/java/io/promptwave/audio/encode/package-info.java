/**
 * Writing audio: {@link io.promptwave.audio.encode.WavWriter} stores mono PCM as 16-bit or
 * G.711 mu-law WAV, the two encodings Promptwave's generated corpora use.
 */
package io.promptwave.audio.encode;
