/**
 * Finding speech in long audio: {@link io.promptwave.audio.segment.SpeechSegmenter} cuts a
 * recording into time-stamped speech segments by frame energy against an adaptive noise floor.
 */
package io.promptwave.audio.segment;
