/**
 * Metrics. {@link io.promptwave.core.eval.ErrorRate} counts substitutions, deletions and insertions of
 * words (WER) and characters (CER) after {@link io.promptwave.core.eval.ScoringNormalizer} puts both
 * sides in one form; {@link io.promptwave.core.eval.TranscriptionEvaluator} transcribes a set of
 * utterances in batches and scores them, for {@code promptwave eval} and the trainer's dev scores.
 * For slot filling, {@link io.promptwave.core.eval.SlotMetrics} computes SLURP's intent accuracy,
 * exact slot F1 and SLU-F1, and {@link io.promptwave.core.eval.SlotEvaluator} understands a set of
 * utterances and scores them ({@code eval --task slots}, and the trainer's dev score through
 * {@link io.promptwave.core.eval.SlotDevEvaluation}).
 */
package io.promptwave.core.eval;
