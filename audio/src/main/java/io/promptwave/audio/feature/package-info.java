/**
 * Acoustic features: Kaldi-compatible log-mel filterbanks ({@link
 * io.promptwave.audio.feature.FbankExtractor}) and MFCCs, frame-exact streaming extraction,
 * global and per-utterance CMVN, and seeded SpecAugment.
 *
 * <p>The filterbank follows Kaldi's {@code compute-fbank-feats} defaults (25 ms Povey window,
 * 10 ms shift, pre-emphasis 0.97, DC removal, no dither, edges snipped, FFT size rounded up to a
 * power of two) and is checked against {@code torchaudio.compliance.kaldi.fbank}. Like Kaldi, it
 * works on samples in the 16-bit integer range: float samples in [-1, 1] are scaled by 32768 first.
 */
package io.promptwave.audio.feature;
