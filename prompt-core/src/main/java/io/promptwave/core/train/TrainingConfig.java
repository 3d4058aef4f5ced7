package io.promptwave.core.train;

/**
 * How to train. Immutable; build with {@link #builder()}.
 *
 * @param epochs passes over the training set
 * @param maxBatchFrames most input frames a batch holds, padding included
 * @param peakLearningRate the schedule's peak
 * @param warmupSteps linear warm-up steps
 * @param weightDecay AdamW's decoupled decay
 * @param clipNorm global gradient norm limit
 * @param labelSmoothing mass spread over the vocabulary in the attention loss
 * @param ctcWeight weight of the CTC loss (the attention loss gets {@code 1 - ctcWeight})
 * @param specAugment whether to mask frequency bands and time spans
 * @param seed fixes batches, masks and dropout
 * @param patience epochs without a better dev CER before stopping (0: never stop early); epochs that end
 *     within the warm-up do not count
 * @param checkpointSteps updates between checkpoints
 * @param timeBudgetSeconds stop (with a checkpoint) after this much wall time in this run; 0 for none
 * @param devLimit most dev utterances decoded per evaluation (0: all)
 * @param pauseAtStep stop (with a checkpoint) once the run has made this many updates in all; 0 for none
 */
public record TrainingConfig(int epochs, int maxBatchFrames, float peakLearningRate, int warmupSteps,
        float weightDecay, float clipNorm, float labelSmoothing, float ctcWeight, boolean specAugment, long seed,
        int patience, int checkpointSteps, long timeBudgetSeconds, int devLimit, int pauseAtStep) {

    /** Checks the values. */
    public TrainingConfig {
        if (epochs < 1 || maxBatchFrames < 1 || !(peakLearningRate > 0) || warmupSteps < 0 || clipNorm <= 0
                || labelSmoothing < 0 || labelSmoothing >= 1 || ctcWeight < 0 || ctcWeight > 1 || patience < 0
                || checkpointSteps < 1 || timeBudgetSeconds < 0 || devLimit < 0 || pauseAtStep < 0) {
            throw new IllegalArgumentException("bad training settings: " + thisToString(epochs, maxBatchFrames,
                    peakLearningRate, ctcWeight));
        }
    }

    private static String thisToString(int epochs, int frames, float lr, float ctc) {
        return "epochs " + epochs + ", batch frames " + frames + ", peak rate " + lr + ", ctc weight " + ctc
                + " (epochs, frames, warm-up, patience, checkpoints >= 1 or 0 where allowed; smoothing in [0, 1))";
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.epochs = epochs;
        b.maxBatchFrames = maxBatchFrames;
        b.peakLearningRate = peakLearningRate;
        b.warmupSteps = warmupSteps;
        b.weightDecay = weightDecay;
        b.clipNorm = clipNorm;
        b.labelSmoothing = labelSmoothing;
        b.ctcWeight = ctcWeight;
        b.specAugment = specAugment;
        b.seed = seed;
        b.patience = patience;
        b.checkpointSteps = checkpointSteps;
        b.timeBudgetSeconds = timeBudgetSeconds;
        b.devLimit = devLimit;
        b.pauseAtStep = pauseAtStep;
        return b;
    }

    /** Builder; every field has a default that suits the base model on 2 cores. */
    public static final class Builder {
        private int epochs = 10;
        private int maxBatchFrames = 20000;
        private float peakLearningRate = 2e-3f;
        private int warmupSteps = 300;
        private float weightDecay = 0.01f;
        private float clipNorm = 5f;
        private float labelSmoothing = 0.1f;
        private float ctcWeight = 0.5f;
        private boolean specAugment = true;
        private long seed = 1;
        private int patience = 3;
        private int checkpointSteps = 100;
        private long timeBudgetSeconds;
        private int devLimit = 200;
        private int pauseAtStep;

        /** @return this */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /** @return this */
        public Builder optMaxBatchFrames(int v) {
            maxBatchFrames = v;
            return this;
        }

        /** @return this */
        public Builder optPeakLearningRate(float v) {
            peakLearningRate = v;
            return this;
        }

        /** @return this */
        public Builder optWarmupSteps(int v) {
            warmupSteps = v;
            return this;
        }

        /** @return this */
        public Builder optWeightDecay(float v) {
            weightDecay = v;
            return this;
        }

        /** @return this */
        public Builder optClipNorm(float v) {
            clipNorm = v;
            return this;
        }

        /** @return this */
        public Builder optLabelSmoothing(float v) {
            labelSmoothing = v;
            return this;
        }

        /** @return this */
        public Builder optCtcWeight(float v) {
            ctcWeight = v;
            return this;
        }

        /** @return this */
        public Builder optSpecAugment(boolean v) {
            specAugment = v;
            return this;
        }

        /** @return this */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** @return this */
        public Builder optPatience(int v) {
            patience = v;
            return this;
        }

        /** @return this */
        public Builder optCheckpointSteps(int v) {
            checkpointSteps = v;
            return this;
        }

        /** @return this */
        public Builder optTimeBudgetSeconds(long v) {
            timeBudgetSeconds = v;
            return this;
        }

        /** @return this */
        public Builder optDevLimit(int v) {
            devLimit = v;
            return this;
        }

        /** @return this */
        public Builder optPauseAtStep(int v) {
            pauseAtStep = v;
            return this;
        }

        /** @return the config */
        public TrainingConfig build() {
            return new TrainingConfig(epochs, maxBatchFrames, peakLearningRate, warmupSteps, weightDecay, clipNorm,
                    labelSmoothing, ctcWeight, specAugment, seed, patience, checkpointSteps, timeBudgetSeconds,
                    devLimit, pauseAtStep);
        }
    }
}
