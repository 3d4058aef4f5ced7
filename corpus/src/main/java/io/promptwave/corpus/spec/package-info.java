/**
 * The corpus spec: a JSON file under {@code recipes/corpora/} that says which texts, voices,
 * channel and splits a corpus has, at a small scale (for tests) and at full scale.
 */
package io.promptwave.corpus.spec;
