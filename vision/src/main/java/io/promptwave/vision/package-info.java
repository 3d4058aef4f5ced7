/**
 * Image and video front-end: turns images and video frames into feature sequences for the shared
 * encoder. Knows nothing of DJL, gRPC or the model.
 *
 * <p>This package holds the module's own types: {@link io.promptwave.vision.Image}, 8-bit gray or
 * RGB pixels, and {@link io.promptwave.vision.ImageFormatException}, which names a bad input and
 * its fault. Sub-packages decode images ({@code decode}), sample video frames ({@code video}),
 * normalise, augment and cut images into patch features ({@code preprocess}); {@code opencv}
 * bridges to OpenCV's matrices, which never leave the module.
 */
package io.promptwave.vision;
