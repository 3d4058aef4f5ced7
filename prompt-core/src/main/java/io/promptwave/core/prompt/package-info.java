/**
 * Prompt methods: small trained tensors that steer the frozen backbone. Each method is one
 * {@link io.promptwave.core.prompt.SoftPrompt}: input prompts on the encoder and/or decoder
 * ({@link io.promptwave.core.prompt.InputPrompt}), deep key/value prefixes
 * ({@link io.promptwave.core.prompt.DeepPrefix}), ULPT ({@link io.promptwave.core.prompt.UlptPrompt})
 * and a mixture of expert prompts ({@link io.promptwave.core.prompt.MixturePrompt}), with an
 * optional output bias ({@link io.promptwave.core.prompt.OutputBiasPrompt}) and an optional low-rank
 * input adapter that corrects the encoder's input frames
 * ({@link io.promptwave.core.prompt.InputAdapterPrompt}) and an optional affine transform of the
 * input features before the front-end ({@link io.promptwave.core.prompt.FeatureTransformPrompt},
 * which also embeds a batch under its rows' transforms).
 * {@link io.promptwave.core.prompt.PromptFactory} makes them (new from a
 * {@link io.promptwave.core.prompt.PromptConfig}, or from stored tensors) and
 * {@link io.promptwave.core.prompt.PromptAssembler} turns the prompts of a batch's rows, which
 * may all differ, into one forward pass's hooks.
 */
package io.promptwave.core.prompt;
