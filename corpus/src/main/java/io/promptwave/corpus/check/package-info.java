/**
 * Quality checks of generated corpora: manifests parse, audio decodes with the stated duration,
 * slot spans match their values, no sentence crosses splits (or, across corpora, leaves a test
 * split), and excluded voices are absent.
 */
package io.promptwave.corpus.check;
