/**
 * Texts for corpora: sentences read from the {@code fortunes} packages, turned into spoken form
 * (numbers spelled out, symbols removed, lowercase) per language, de-duplicated and partitioned
 * by a stable hash so that a sentence belongs to exactly one corpus pool, whatever else is
 * generated and in whatever order.
 */
package io.promptwave.corpus.text;
