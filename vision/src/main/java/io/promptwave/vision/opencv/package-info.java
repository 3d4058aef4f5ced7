/**
 * The bridge between Promptwave's {@link io.promptwave.vision.Image} and OpenCV's matrices. Only
 * the vision module uses it; OpenCV types never appear in the module's other public signatures.
 */
package io.promptwave.vision.opencv;
