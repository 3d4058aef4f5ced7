/**
 * What happens to speech between the voice and the file: a clean 16 kHz studio channel, or a
 * telephone line (noise at a seeded signal-to-noise ratio, 300-3400 Hz band, 8 kHz, mu-law).
 */
package io.promptwave.corpus.channel;
