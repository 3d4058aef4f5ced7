/**
 * Metrics. For now the error rates of transcripts: {@link io.promptwave.core.eval.ErrorRate}
 * counts substitutions, deletions and insertions of words (WER) and characters (CER) after
 * {@link io.promptwave.core.eval.ScoringNormalizer} puts both sides in one form.
 */
package io.promptwave.core.eval;
