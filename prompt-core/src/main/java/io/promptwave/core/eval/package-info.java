/**
 * Metrics. {@link io.promptwave.core.eval.ErrorRate} counts substitutions, deletions and insertions of
 * words (WER) and characters (CER) after {@link io.promptwave.core.eval.ScoringNormalizer} puts both
 * sides in one form; {@link io.promptwave.core.eval.TranscriptionEvaluator} transcribes a set of
 * utterances in batches and scores them, for {@code promptwave eval} and the trainer's dev scores.
 */
package io.promptwave.core.eval;
