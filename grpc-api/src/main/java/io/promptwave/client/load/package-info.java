/**
 * Load generation against a Promptwave server: {@link io.promptwave.client.load.LoadGenerator}
 * runs concurrent streaming clients over several prompts and measures throughput, latency to the
 * final result and failures into a {@link io.promptwave.client.load.LoadReport}. Used by
 * {@code promptwave loadtest}; needs only the client, so it can load a remote server too.
 */
package io.promptwave.client.load;
