/**
 * Batching of model work across concurrent requests and prompts: rows wait in per-prompt queues,
 * one worker fills each batch fairly from them (streaming work first) and runs it as one forward
 * pass of the shared backbone. Knows nothing of gRPC.
 */
package io.promptwave.server.scheduler;
