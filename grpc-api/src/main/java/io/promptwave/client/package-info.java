/**
 * The thin Java client of the promptwave.v1 gRPC API. Empty until the gRPC issue builds the
 * protocol and the client; it holds no code that pretends to work.
 */
package io.promptwave.client;
