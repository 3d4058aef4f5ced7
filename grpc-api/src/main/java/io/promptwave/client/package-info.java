/**
 * A small Java client for the promptwave.v1 API: {@link io.promptwave.client.PromptwaveClient}
 * recognises and understands files, streams live audio in chunks with backpressure, and manages
 * prompts. Depends on gRPC and protobuf only, never on DJL.
 */
package io.promptwave.client;
