/**
 * The backbone and the runtime it runs on: {@link io.promptwave.core.model.TensorRuntime} opens
 * DJL's PyTorch engine offline; {@link io.promptwave.core.model.Backbone} is the Wav2Seq-style
 * encoder-decoder (audio {@link io.promptwave.core.model.FrontEnd}, pre-LayerNorm encoder with a
 * CTC head, pre-LayerNorm decoder with tied embeddings) with its prompt hooks ({@link
 * io.promptwave.core.model.PromptHooks}); {@link io.promptwave.core.model.SpeechModel} owns a
 * backbone's native memory.
 */
package io.promptwave.core.model;
