/**
 * Small programs a developer copies from. Empty until the gRPC issue adds the first samples; it
 * holds no code that pretends to work.
 */
package io.promptwave.samples;
