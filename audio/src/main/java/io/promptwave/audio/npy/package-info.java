/**
 * The numpy {@code .npy} format for float32 matrices, so that features written by Promptwave load
 * with {@code numpy.load} and arrays written by numpy load here.
 */
package io.promptwave.audio.npy;
