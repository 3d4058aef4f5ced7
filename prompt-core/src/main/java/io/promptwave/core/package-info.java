/**
 * prompt-core: the frozen backbone, the prompt methods, training, decoding, metrics and the
 * artifact formats. It owns every tensor and knows nothing of gRPC or the command line.
 */
package io.promptwave.core;
