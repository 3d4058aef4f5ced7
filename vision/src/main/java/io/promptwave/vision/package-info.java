/**
 * Image and video front-end: turns images and video frames into feature sequences for the
 * shared encoder. Empty until the vision issue builds it; it holds no code that pretends to work.
 */
package io.promptwave.vision;
