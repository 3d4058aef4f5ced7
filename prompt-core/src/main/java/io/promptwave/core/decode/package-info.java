/**
 * Decoding. A {@link io.promptwave.core.decode.TokenDecoder} searches the output of an encoded batch,
 * chosen by {@link io.promptwave.core.decode.DecodingOptions}: batched greedy search over the decoder
 * with its key/value cache ({@link io.promptwave.core.decode.GreedyDecoder}), beam search joint with
 * CTC prefix scores ({@link io.promptwave.core.decode.BeamSearchDecoder},
 * {@link io.promptwave.core.decode.CtcPrefixScorer}) or greedy CTC without the decoder
 * ({@link io.promptwave.core.decode.CtcGreedyDecoder}). CTC forced alignment gives word times
 * ({@link io.promptwave.core.decode.CtcAligner}); transcripts with confidences come for utterances
 * ({@link io.promptwave.core.decode.Transcriber}) and recordings of any length
 * ({@link io.promptwave.core.decode.AudioTranscriber}).
 */
package io.promptwave.core.decode;
