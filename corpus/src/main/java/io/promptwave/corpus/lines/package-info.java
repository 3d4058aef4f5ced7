/**
 * Text-line image corpora for the image modality: {@link io.promptwave.corpus.lines.TextLineSpec}
 * reads a spec, {@link io.promptwave.corpus.lines.LineRenderer} draws a sentence in a font with
 * Java2D, and {@link io.promptwave.corpus.lines.TextLineGenerator} writes the splits, with fonts
 * held out and sentences partitioned as the speech corpora partition theirs.
 */
package io.promptwave.corpus.lines;
