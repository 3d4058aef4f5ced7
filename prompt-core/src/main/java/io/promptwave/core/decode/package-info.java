/**
 * Decoding: batched greedy search over the decoder with its key/value cache ({@link
 * io.promptwave.core.decode.GreedyDecoder}), CTC forced alignment for word times ({@link
 * io.promptwave.core.decode.CtcAligner}), and transcripts with confidences for utterances
 * ({@link io.promptwave.core.decode.Transcriber}) and recordings of any length ({@link
 * io.promptwave.core.decode.AudioTranscriber}).
 */
package io.promptwave.core.decode;
