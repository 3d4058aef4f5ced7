/**
 * Frames from video: {@link io.promptwave.vision.video.VideoFrameReader} decodes a video with
 * FFmpeg and keeps the frames a {@link io.promptwave.vision.video.FrameSampling} asks for, at a
 * rate or at scene changes, each with its time.
 */
package io.promptwave.vision.video;
