package io.promptwave.vision.decode;

/** What a decoder keeps of an image's colour. Transparent images are laid on white first. */
public enum ColorMode {
    /** One channel, the luma of the colours. */
    GRAY,
    /** Three channels, red, green and blue. */
    RGB
}
