/**
 * API-key authentication: the keys (from a file or the environment, kept only as SHA-256
 * digests) and the interceptor that checks them, with the admin service limited to admin keys.
 */
package io.promptwave.server.security;
