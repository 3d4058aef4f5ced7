/**
 * The backbone model and the runtime it runs on. For now this holds {@link
 * io.promptwave.core.model.TensorRuntime}, which opens DJL's PyTorch engine offline from the
 * natives that ship on Maven Central; the encoder-decoder arrives with the backbone issue.
 */
package io.promptwave.core.model;
