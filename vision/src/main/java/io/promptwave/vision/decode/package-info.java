/**
 * Still-image decoding: {@link io.promptwave.vision.decode.ImageDecoder} turns PNG, JPEG, WebP,
 * BMP and TIFF bytes into an {@link io.promptwave.vision.Image}, after
 * {@link io.promptwave.vision.decode.ImageHeader} has checked the file is complete and not too large.
 */
package io.promptwave.vision.decode;
