/**
 * Generating a planned corpus: synthesis in parallel, resumable after an interruption (every
 * finished utterance is a file written atomically, and a rerun skips it), then the manifests, the
 * checksums and the {@code corpus.json} summary.
 */
package io.promptwave.corpus.synth;
