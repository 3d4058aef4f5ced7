/**
 * Debian's text-to-speech engines behind one interface: espeak-ng, flite and festival (batched,
 * one process for many utterances, because festival takes a second to start). {@link
 * io.promptwave.corpus.tts.Voice} names an engine, voice, variant, rate and pitch;
 * {@link io.promptwave.corpus.tts.EngineCheck} says which Debian packages are missing.
 */
package io.promptwave.corpus.tts;
