package io.promptwave.vision.decode;

/** What a decoder keeps of an image's colour. Alpha is always dropped. */
public enum ColorMode {
    /** One channel, the luma of the colours. */
    GRAY,
    /** Three channels, red, green and blue. */
    RGB
}
