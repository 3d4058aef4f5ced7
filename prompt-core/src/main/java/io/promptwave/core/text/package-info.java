/**
 * Text and tokens: the {@link io.promptwave.core.text.Vocabulary} shared by every task (special
 * and task tokens, language tokens, the 256 UTF-8 bytes, and the pseudo-subword units of the
 * Wav2Seq pseudo language), and the byte-level n-gram language model that beam search can fuse
 * with the decoder ({@link io.promptwave.core.text.CharNgramModel}). Prompts never change the vocabulary.
 */
package io.promptwave.core.text;
