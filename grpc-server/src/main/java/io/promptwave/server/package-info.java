/**
 * The gRPC server that serves prompt-core's tasks. Empty until the gRPC issue builds it; it holds
 * no code that pretends to work.
 */
package io.promptwave.server;
