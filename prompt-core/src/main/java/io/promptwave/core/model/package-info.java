/**
 * The backbone model and the runtime it runs on: {@link io.promptwave.core.model.TensorRuntime}
 * opens DJL's PyTorch engine offline from the natives on Maven Central; {@link
 * io.promptwave.core.model.MultiHeadAttention} and the pre-LayerNorm {@link
 * io.promptwave.core.model.EncoderLayer} are the first blocks of the encoder-decoder, which the
 * backbone issue completes (subsampler, decoder, prompt hooks).
 */
package io.promptwave.core.model;
