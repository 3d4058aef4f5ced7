/**
 * Reproducible speech corpora spoken by Debian's text-to-speech engines.
 *
 * <p>A corpus is generated from a spec ({@link io.promptwave.corpus.spec.CorpusSpec}, JSON under
 * {@code recipes/corpora/}): texts ({@code text}), voices ({@code tts}), a transmission channel
 * ({@code channel}), and splits planned deterministically ({@code plan}) and synthesised in
 * parallel and resumably ({@code synth}); {@code check} verifies the result. This package holds
 * the manifest format shared by all of them.
 */
package io.promptwave.corpus;
