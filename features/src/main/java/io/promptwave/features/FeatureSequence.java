package io.promptwave.features;

import java.util.Objects;

/**
 * A frames × dims float matrix with its frame rate and source: what every modality front-end
 * hands to the model (log-mel frames of audio at 100 Hz, patch columns of an image).
 * Immutable: the data is copied in and out.
 */
public final class FeatureSequence {
    private final float[] data;
    private final int frames;
    private final int dims;
    private final double frameRate;
    private final String source;

    private FeatureSequence(float[] data, int frames, int dims, double frameRate, String source) {
        if (frames < 0 || dims <= 0) {
            throw new IllegalArgumentException("bad shape [" + frames + ", " + dims + "]");
        }
        if (data.length != frames * dims) {
            throw new IllegalArgumentException("data holds " + data.length + " values, shape [" + frames + ", "
                    + dims + "] needs " + (long) frames * dims);
        }
        if (!(frameRate > 0)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + frameRate);
        }
        this.data = data;
        this.frames = frames;
        this.dims = dims;
        this.frameRate = frameRate;
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * @param rowMajor {@code frames * dims} values, frame after frame (copied)
     * @param frames number of frames (rows)
     * @param dims values per frame (columns)
     * @param frameRate frames per second
     * @param source a label for messages
     * @return the sequence
     */
    public static FeatureSequence of(float[] rowMajor, int frames, int dims, double frameRate, String source) {
        return new FeatureSequence(rowMajor.clone(), frames, dims, frameRate, source);
    }

    /** Like {@link #of} but takes ownership of {@code rowMajor} instead of copying it. */
    public static FeatureSequence wrap(float[] rowMajor, int frames, int dims, double frameRate, String source) {
        return new FeatureSequence(rowMajor, frames, dims, frameRate, source);
    }

    /** @return the number of frames */
    public int frames() {
        return frames;
    }

    /** @return the values per frame */
    public int dims() {
        return dims;
    }

    /** @return frames per second */
    public double frameRate() {
        return frameRate;
    }

    /** @return the label of where the features came from */
    public String source() {
        return source;
    }

    /** @return the value of one frame and dimension */
    public float get(int frame, int dim) {
        if (frame < 0 || frame >= frames || dim < 0 || dim >= dims) {
            throw new IndexOutOfBoundsException("[" + frame + ", " + dim + "] outside [" + frames + ", " + dims + "]");
        }
        return data[frame * dims + dim];
    }

    /** @return a copy of one frame */
    public float[] frame(int frame) {
        float[] row = new float[dims];
        System.arraycopy(data, frame * dims, row, 0, dims);
        return row;
    }

    /** @return a copy of all values, frame after frame */
    public float[] toRowMajor() {
        return data.clone();
    }

    @Override
    public String toString() {
        return "FeatureSequence[" + source + ", " + frames + " x " + dims + " at " + frameRate + " Hz]";
    }
}
