package io.promptwave.vision.video;

import io.promptwave.vision.Image;

/**
 * One frame taken from a video.
 *
 * @param timeSeconds when the frame is shown, from the start of the video
 * @param image its pixels; the source label is the video's name with the time
 */
public record VideoFrame(double timeSeconds, Image image) {
}
