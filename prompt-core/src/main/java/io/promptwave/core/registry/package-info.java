/**
 * Serving many prompts on one backbone: {@link io.promptwave.core.registry.PromptRegistry} holds
 * the loaded versions of every prompt, switches active versions atomically, and hands requests
 * {@link io.promptwave.core.registry.PromptLease}s that keep their version alive until they end.
 */
package io.promptwave.core.registry;
