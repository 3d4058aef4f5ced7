package io.promptwave.core.train;

/**
 * Linear warm-up to the peak rate, then cosine decay to {@code floor x peak} at the last step.
 * Warm-up keeps the first steps of a freshly initialised Transformer from diverging; the cosine
 * tail lets a fixed budget end on small, careful steps.
 *
 * @param peak the highest rate
 * @param warmupSteps steps to reach it
 * @param totalSteps steps of the whole run
 * @param floor the final rate as a fraction of the peak
 */
public record LearningRateSchedule(float peak, int warmupSteps, long totalSteps, float floor) {

    /** Checks the values. */
    public LearningRateSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || floor < 0 || floor > 1) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warm-up " + warmupSteps + ", total "
                    + totalSteps + ", floor " + floor);
        }
    }

    /** @return the rate for step {@code step} (1-based) */
    public float rate(long step) {
        if (step <= warmupSteps) {
            return peak * step / Math.max(1, warmupSteps);
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (peak * (floor + (1 - floor) * cosine));
    }
}
