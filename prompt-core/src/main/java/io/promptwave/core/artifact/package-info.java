/**
 * The formats Promptwave stores models and prompts in: safetensors weights
 * ({@link io.promptwave.core.artifact.SafetensorsFile}, read and written in pure Java so that
 * Python's {@code safetensors} and PEFT can open them) and the checked
 * {@link io.promptwave.core.artifact.ModelFormatException} for anything malformed.
 */
package io.promptwave.core.artifact;
