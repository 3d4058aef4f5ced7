package io.promptwave.vision.video;

/**
 * Which frames of a video {@link VideoFrameReader} keeps: one every so many seconds, or one at each
 * scene change (the first frame, then every frame that differs enough from the last one kept).
 * Immutable.
 */
public final class FrameSampling {
    private final double intervalSeconds;
    private final double sceneThreshold;

    private FrameSampling(double intervalSeconds, double sceneThreshold) {
        this.intervalSeconds = intervalSeconds;
        this.sceneThreshold = sceneThreshold;
    }

    /**
     * @param framesPerSecond how many frames to keep per second of video, positive
     * @return the first frame at or after each multiple of {@code 1 / framesPerSecond} seconds
     */
    public static FrameSampling perSecond(double framesPerSecond) {
        if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
            throw new IllegalArgumentException("frames per second must be positive, got " + framesPerSecond);
        }
        return new FrameSampling(1 / framesPerSecond, -1);
    }

    /**
     * @param threshold the mean absolute difference, 0 to 1, between the 16 x 16 gray thumbnails of
     *     a frame and of the last frame kept above which the frame starts a new scene; 0.1 keeps cuts
     *     and ignores compression noise and small motion
     * @return the first frame and the first frame of every scene
     */
    public static FrameSampling sceneChanges(double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("scene threshold must be between 0 and 1, got " + threshold);
        }
        return new FrameSampling(-1, threshold);
    }

    /** @return whether frames are kept at scene changes rather than at a rate */
    public boolean atSceneChanges() {
        return sceneThreshold > 0;
    }

    /** @return seconds between kept frames; only for rate sampling */
    public double intervalSeconds() {
        if (atSceneChanges()) {
            throw new IllegalStateException("scene-change sampling has no interval");
        }
        return intervalSeconds;
    }

    /** @return the scene threshold; only for scene-change sampling */
    public double sceneThreshold() {
        if (!atSceneChanges()) {
            throw new IllegalStateException("rate sampling has no scene threshold");
        }
        return sceneThreshold;
    }

    @Override
    public String toString() {
        return atSceneChanges() ? "scene changes above " + sceneThreshold : "one frame every " + intervalSeconds + " s";
    }
}
