/**
 * Training. For now the first stage of Wav2Seq pretraining: the unit model that turns unlabeled
 * audio into a pseudo language ({@link io.promptwave.core.train.KMeans} clusters of feature
 * frames, consecutive repeats merged, {@link io.promptwave.core.train.UnitBpe} merges over the
 * unit strings), saved beside the backbone as {@link io.promptwave.core.train.UnitModel}; and the
 * {@link io.promptwave.core.train.CtcLoss} the encoder's CTC head will train with.
 */
package io.promptwave.core.train;
