/**
 * Training. The Wav2Seq pseudo language: the unit model that turns unlabeled audio into pseudo
 * subwords ({@link io.promptwave.core.train.KMeans} clusters of feature frames, consecutive repeats
 * merged, {@link io.promptwave.core.train.UnitBpe} merges over the unit strings), saved beside the
 * backbone as {@link io.promptwave.core.train.UnitModel}. The loop:
 * {@link io.promptwave.core.train.Trainer} trains a {@link io.promptwave.core.train.TrainingTarget}
 * (the whole model, some of its weights, or a prompt on the frozen base) on
 * {@link io.promptwave.core.train.TrainingExample}s with the joint CTC-attention
 * {@link io.promptwave.core.train.BatchLoss}, and keeps the model its
 * {@link io.promptwave.core.train.DevEvaluation} scores best: CER for transcription
 * ({@link io.promptwave.core.train.TranscriptionDevEvaluation}), intent and slot scores for slot
 * filling ({@link io.promptwave.core.eval.SlotDevEvaluation}).
 */
package io.promptwave.core.train;
