package io.promptwave.vision;

import io.promptwave.features.InputFormatException;

/**
 * An image or video input cannot be used: its bytes are not an image Promptwave can decode, the
 * file is truncated, or the decoded picture is unfit (too many pixels, no video stream). The
 * message always starts with the source and then gives the reason, e.g. {@code "scan.png:
 * truncated PNG: the file ends inside chunk IDAT"}.
 */
public final class ImageFormatException extends InputFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file name or other label of the input
     * @param reason what is wrong with it
     */
    public ImageFormatException(String source, String reason) {
        this(source, reason, null);
    }

    /**
     * @param source the file name or other label of the input
     * @param reason what is wrong with it
     * @param cause the lower-level failure, if any
     */
    public ImageFormatException(String source, String reason, Throwable cause) {
        super(source, reason, cause);
    }
}
