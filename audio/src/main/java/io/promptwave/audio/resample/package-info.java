/**
 * Sample-rate conversion with anti-aliasing, in chunks, so a stream can be resampled as it is
 * decoded. Wraps TarsosDSP's port of libresample (a Kaiser-windowed sinc filter) behind
 * Promptwave's own type so that TarsosDSP stays inside the audio module.
 */
package io.promptwave.audio.resample;
