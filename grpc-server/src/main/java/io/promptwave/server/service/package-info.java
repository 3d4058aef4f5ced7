/**
 * The promptwave.v1 services: recognition and understanding (unary and streaming) on the shared
 * backbone through the batch scheduler, and the admin service for prompts. Every failure becomes a
 * gRPC status in one place, {@link io.promptwave.server.service.ErrorStatus}.
 */
package io.promptwave.server.service;
